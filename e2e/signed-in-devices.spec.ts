import type { Browser, Locator, Page } from "@playwright/test";
import { expect, LINUX_CHROME_USER_AGENT, openAnotherBrowser, test, type AnotherBrowser } from "./fixtures";
import { generateRecoveryCodes } from "./pages/recovery";
import { signInWithRecoveryCode } from "./pages/sign-in";
import { signUp, type SignedUpUser } from "./pages/sign-up";

const DEVICE = "Chrome on Linux";
const SIGNED_UP_WITH = "passkey “Passkey on this device”";

test.use({ userAgent: LINUX_CHROME_USER_AGENT, withoutAutofill: true });

/** The list of sessions on /account/sessions. */
function sessionItems(page: Page): Locator {
  return page.getByRole("main").getByRole("list").getByRole("listitem");
}

/** The session shown with this IP address (each browser of a test has its own). */
function sessionFrom(page: Page, ip: string): Locator {
  return sessionItems(page).filter({ hasText: `IP address: ${ip}` });
}

/** Another browser, signed in to `user`'s account with one of its recovery codes. */
async function signInElsewhere(browser: Browser, user: SignedUpUser, code: string): Promise<AnotherBrowser> {
  const other = await openAnotherBrowser(browser);
  await other.page.goto("/signin");
  await signInWithRecoveryCode(other.page, user.email, code);
  await expect(other.page).toHaveURL("/account/passkeys?recovered=1");
  return other;
}

/** The browser's next page load of /account: its heading when signed in, /signin otherwise. */
async function expectSignedOut(page: Page): Promise<void> {
  await page.goto("/account");
  await expect(page).toHaveURL("/signin?callbackUrl=%2Faccount");
}

test.describe("signed-in devices", () => {
  test("lists every session with device, IP and sign-in method; signing one out ends it at its next request", async ({
    page,
    authenticators,
    browser,
    clientIp,
  }) => {
    await authenticators.add();
    const user = await signUp(page);
    const codes = await generateRecoveryCodes(page);
    const laptop = await signInElsewhere(browser, user, codes[0]);
    try {
      await page.goto("/account");
      await page.getByRole("main").getByRole("link", { name: "Signed-in devices", exact: true }).click();
      await expect(page).toHaveURL("/account/sessions");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Signed-in devices");
      await expect(sessionItems(page)).toHaveCount(2);

      const here = sessionFrom(page, clientIp);
      await expect(here).toHaveAccessibleName(`${DEVICE} This device`);
      await expect(here).toContainText(`Signed in with: ${SIGNED_UP_WITH}`);
      await expect(here).toContainText(/Signed in: \S/);
      await expect(here).toContainText("Last active: now");
      await expect(here.getByRole("button", { name: "Sign out", exact: true })).toHaveCount(0);

      const there = sessionFrom(page, laptop.clientIp);
      await expect(there).toHaveAccessibleName(DEVICE);
      await expect(there).toContainText("Signed in with: a recovery code");
      await expect(there).toContainText(/Signed in: \S/);
      await expect(there).toContainText(/Last active: \S/);

      // The other browser sees the same two sessions, with "This device" on its own.
      await laptop.page.goto("/account/sessions");
      await expect(sessionItems(laptop.page)).toHaveCount(2);
      await expect(sessionFrom(laptop.page, laptop.clientIp)).toHaveAccessibleName(`${DEVICE} This device`);
      await expect(sessionFrom(laptop.page, clientIp)).toHaveAccessibleName(DEVICE);

      await there.getByRole("button", { name: "Sign out", exact: true }).click();
      await expect(page.getByRole("main").getByRole("status")).toHaveText(`Signed out ${DEVICE}.`);
      await expect(sessionItems(page)).toHaveCount(1);
      await expect(sessionFrom(page, laptop.clientIp)).toHaveCount(0);
      await page.reload();
      await expect(sessionItems(page)).toHaveCount(1);

      await expectSignedOut(laptop.page);
      // This browser is still signed in.
      await page.goto("/account");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
    } finally {
      await laptop.context.close();
    }
  });

  test("sign out everywhere else leaves only this device", async ({ page, authenticators, browser, clientIp }) => {
    await authenticators.add();
    const user = await signUp(page);
    const codes = await generateRecoveryCodes(page);
    const laptop = await signInElsewhere(browser, user, codes[0]);
    const tablet = await signInElsewhere(browser, user, codes[1]);
    try {
      await page.goto("/account/sessions");
      await expect(sessionItems(page)).toHaveCount(3);
      await expect(page.getByRole("heading", { level: 2, name: "3 signed-in devices" })).toBeVisible();

      await page.getByRole("button", { name: "Sign out everywhere else" }).click();
      await expect(page.getByRole("main").getByRole("status")).toHaveText("Signed out 2 other devices.");
      await expect(sessionItems(page)).toHaveCount(1);
      await expect(sessionFrom(page, clientIp)).toHaveAccessibleName(`${DEVICE} This device`);
      await expect(page.getByRole("button", { name: "Sign out everywhere else" })).toBeDisabled();

      await expectSignedOut(laptop.page);
      await expectSignedOut(tablet.page);
      await page.reload();
      await expect(sessionItems(page)).toHaveCount(1);
    } finally {
      await laptop.context.close();
      await tablet.context.close();
    }
  });
});
