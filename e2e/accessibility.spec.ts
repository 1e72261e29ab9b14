// Every page the portal serves, checked by axe-core in the real browser: no serious or critical
// accessibility violation, signed out and signed in, and with the dialogs and forms a person opens,
// each in the light and in the dark colour scheme (colour contrast is part of wcag2aa).
import type { Page } from "@playwright/test";
import { expectNoSeriousViolations, inScheme, seriousViolations } from "./axe";
import { expect, openAnotherBrowser, test } from "./fixtures";
import { openSaveChoices } from "./pages/common";
import { recoveryBanner, recoveryLinkFromEmail, startEmailRecovery } from "./pages/email-recovery";
import { addPasskeyWithNewAuthenticator } from "./pages/passkeys";
import { signUp } from "./pages/sign-up";

// Added after hydration: React drops nodes it did not render when it hydrates later (on a slow
// machine), which would leave nothing for axe to find. Autofill asks for its challenge once the
// form has hydrated.
async function addToSignInPage(page: Page, html: string): Promise<void> {
  const hydrated = page.waitForRequest((request) => new URL(request.url()).pathname === "/api/session/sign-in/options");
  await page.goto("/signin");
  await hydrated;
  await page.evaluate((added) => document.querySelector("main")!.insertAdjacentHTML("beforeend", added), html);
}

test.describe("accessibility (axe-core)", () => {
  test("the check itself finds a button without a name and an image without a text alternative", async ({ page }) => {
    await addToSignInPage(page, '<button type="button"></button><img src="/icon.svg">');
    const found = await seriousViolations(page);
    expect(found.some((violation) => violation.startsWith("button-name"))).toBe(true);
    expect(found.some((violation) => violation.startsWith("image-alt"))).toBe(true);
  });

  test("the check itself finds text too faint to read in the dark scheme only", async ({ page }) => {
    await addToSignInPage(page, '<style>@media (prefers-color-scheme: dark) { #faint { color: #1e293b; } }</style><p id="faint">Faint in the dark</p>');
    const faint = (violations: string[]): boolean => violations.some((violation) => violation.startsWith("color-contrast") && violation.includes("#faint"));
    await inScheme(page, "light");
    expect(faint(await seriousViolations(page))).toBe(false);
    await inScheme(page, "dark");
    expect(faint(await seriousViolations(page))).toBe(true);
  });

  for (const path of ["/signin", "/signup", "/confirm-email", "/report-email-change", "/no-such-page"]) {
    test(`${path}, signed out`, async ({ page }) => {
      await page.goto(path);
      await expectNoSeriousViolations(page, path);
    });
  }

  test("the other ways to sign in, the recovery-code form and the email recovery form, on /signin", async ({ page }) => {
    await page.goto("/signin");
    await page.getByRole("button", { name: "Other ways to sign in" }).click();
    await expect(page.getByRole("button", { name: "Face, fingerprint, PIN, or security key" })).toBeVisible();
    await expectNoSeriousViolations(page, "/signin, other ways to sign in");
    await page.getByRole("button", { name: "Use a recovery code" }).click();
    await expect(page.getByRole("textbox", { name: "Recovery code" })).toBeVisible();
    await expectNoSeriousViolations(page, "/signin, recovery-code form");
    await page.goto("/signin");
    await page.getByRole("button", { name: "Other ways to sign in" }).click();
    await page.getByRole("button", { name: "I can't use any of my passkeys" }).click();
    await page.getByRole("textbox", { name: "Email" }).fill("nobody@example.com");
    await page.getByRole("button", { name: "Start recovery" }).click();
    await expect(page.getByRole("main").getByRole("status")).toBeVisible();
    await expectNoSeriousViolations(page, "/signin, email recovery form with its answer");
  });

  test("/recover with a link that doesn't work", async ({ page }) => {
    await page.goto("/recover?token=not-a-real-token");
    await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
    await expectNoSeriousViolations(page, "/recover, refused link");
  });

  test("/recover while its wait runs, and the recovery banner on the owner's account page", async ({ page, authenticators, browser, mailbox }) => {
    await authenticators.add();
    const user = await signUp(page, { confirm: true });
    const other = await openAnotherBrowser(browser);
    try {
      await other.page.goto("/signin");
      await startEmailRecovery(other.page, user.email);
      await other.page.goto(await recoveryLinkFromEmail(mailbox, user.email));
      await expect(other.page.getByRole("button", { name: "Check again" })).toBeVisible();
      await expectNoSeriousViolations(other.page, "/recover, waiting");
    } finally {
      await other.context.close();
    }
    await page.goto("/account");
    await expect(recoveryBanner(page)).toBeVisible();
    await expectNoSeriousViolations(page, "/account, recovery banner");
  });

  test("Choose where to save it, opened, on /signup", async ({ page }) => {
    await page.goto("/signup");
    await expect((await openSaveChoices(page)).getByRole("button", { name: "A security key" })).toBeVisible();
    await expectNoSeriousViolations(page, "/signup, Choose where to save it");
  });

  test("every account page, signed in", async ({ page, authenticators }) => {
    await authenticators.add({ synced: false });
    await signUp(page);
    for (const path of ["/account", "/account/checkup", "/account/passkeys", "/account/sessions", "/account/activity", "/account/recovery"]) {
      await page.goto(path);
      await expect(page.getByRole("main")).toBeVisible();
      await expectNoSeriousViolations(page, path);
    }
  });

  test("the dialogs and forms a signed-in person opens", async ({ page, authenticators }) => {
    await authenticators.add({ synced: false });
    await signUp(page);

    await page.goto("/account");
    await page.getByRole("button", { name: "Edit profile" }).click();
    await expectNoSeriousViolations(page, "/account, Edit profile");
    await page.goto("/account");
    await page.getByRole("button", { name: "Delete account" }).click();
    await expect(page.getByRole("dialog", { name: "Delete your account?" })).toBeVisible();
    await expectNoSeriousViolations(page, "/account, Delete your account?");

    await page.goto("/account/passkeys");
    const item = page.getByRole("main").getByRole("list").getByRole("listitem").first();
    await item.getByRole("button", { name: "Rename" }).click();
    await expectNoSeriousViolations(page, "/account/passkeys, Rename");
    await expect((await openSaveChoices(page)).getByRole("button", { name: "This device" })).toBeVisible();
    await expectNoSeriousViolations(page, "/account/passkeys, Choose where to save it");
    // A second passkey, so that Remove is offered (the only one can't be removed).
    const { name } = await addPasskeyWithNewAuthenticator(page, authenticators, { kind: "security-key", synced: false });
    await expectNoSeriousViolations(page, "/account/passkeys, after adding a passkey");
    const added = page.getByRole("main").getByRole("list").getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name, exact: true }) });
    await added.getByRole("button", { name: "Remove" }).click();
    await expect(page.getByRole("dialog", { name: `Remove “${name}”?` })).toBeVisible();
    await expectNoSeriousViolations(page, "/account/passkeys, Remove");
  });
});
