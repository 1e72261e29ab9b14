import type { Locator, Page } from "@playwright/test";
import { answerOnlyWith, expect, LINUX_CHROME_USER_AGENT, test, uniqueEmail } from "./fixtures";
import { confirmEmail, signOut } from "./pages/account";
import { alertOf } from "./pages/common";
import { addPasskeyWithNewAuthenticator } from "./pages/passkeys";
import { generateRecoveryCodes } from "./pages/recovery";
import { signInWithEmail, signInWithRecoveryCode } from "./pages/sign-in";
import { signUp } from "./pages/sign-up";

const DEVICE = "Chrome on Linux";
const FIRST_PASSKEY = "Passkey on this device";
const PAGE_SIZE = 20;

test.use({ userAgent: LINUX_CHROME_USER_AGENT, withoutAutofill: true });

function events(page: Page): Locator {
  return page.getByRole("list", { name: "Security events" }).getByRole("listitem");
}

/** Each event's description (its first line), newest first. */
async function descriptions(page: Page): Promise<string[]> {
  return events(page).locator("p:first-child").allInnerTexts();
}

/** Renames through the portal's own API from the page (same origin, the page's session). */
async function renamePasskeyViaApi(page: Page, id: string, name: string): Promise<void> {
  const status = await page.evaluate(
    ([url, body]) => fetch(url, { method: "PATCH", headers: { "Content-Type": "application/json" }, body }).then((response) => response.status),
    [`/api/account/passkeys/${id}`, JSON.stringify({ name })] as const,
  );
  expect(status).toBe(200);
}

/** The ID of the passkey with this name, from its heading on /account/passkeys. */
async function passkeyId(page: Page, name: string): Promise<string> {
  await page.goto("/account/passkeys");
  const id = await page.getByRole("heading", { level: 3, name, exact: true }).getAttribute("id");
  return id!.replace(/^passkey-/, "");
}

test.describe("recent activity", () => {
  test.setTimeout(90_000);

  test("lists security events newest first, each with its time, device and IP", async ({ page, authenticators, clientIp }) => {
    const phone = await authenticators.add({ kind: "platform" });
    const user = await signUp(page, { confirm: true });

    // Rename through the UI.
    await page.goto("/account/passkeys");
    const first = page.getByRole("main").getByRole("listitem").filter({ has: page.getByRole("heading", { name: FIRST_PASSKEY }) });
    await first.getByRole("button", { name: "Rename" }).click();
    await first.getByRole("textbox", { name: "Passkey name" }).fill("Work laptop");
    await first.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { level: 3, name: "Work laptop" })).toBeVisible();

    const { name: added, device: key } = await addPasskeyWithNewAuthenticator(page, authenticators, { kind: "security-key" });
    // Past the step-up window (a slow machine gets there), only the passkey from sign-up may
    // confirm: the key was added in this session. The key signs in below.
    await answerOnlyWith(authenticators, phone);
    await generateRecoveryCodes(page);
    await answerOnlyWith(authenticators, key);

    await page.goto("/account");
    await signOut(page);
    await signInWithRecoveryCode(page, user.email, "ZZZZ-ZZZZ-ZZZZ");
    await expect(alertOf(page)).toBeVisible();
    await page.getByRole("button", { name: "Use a passkey instead" }).click();
    await signInWithEmail(page, user.email);
    await expect(page).toHaveURL("/account");

    await page.getByRole("button", { name: "Edit profile" }).click();
    await page.getByRole("textbox", { name: "Name" }).fill("Renamed Tester");
    const newEmail = uniqueEmail("activity-new");
    await page.getByRole("textbox", { name: "Email" }).fill(newEmail);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Renamed Tester");
    await confirmEmail(page, newEmail);

    await page.getByRole("main").getByRole("link", { name: "Recent activity", exact: true }).click();
    await expect(page).toHaveURL("/account/activity");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Recent activity");
    expect(await descriptions(page)).toEqual([
      `Email changed from “${user.email}” to “${newEmail}”`,
      `Email change requested: “${newEmail}”`,
      "Profile changed: name",
      `Signed in with passkey “${added}”`,
      "Failed sign-in attempt with a recovery code",
      "Signed out",
      "Recovery codes generated",
      `Passkey added: “${added}”`,
      `Passkey renamed from “${FIRST_PASSKEY}” to “Work laptop”`,
      `Email address confirmed: “${user.email}”`,
      `Account created with passkey “${FIRST_PASSKEY}”`,
    ]);
    const startedAt = Date.now() - 5 * 60_000;
    for (const item of await events(page).all()) {
      await expect(item).toContainText(` · ${DEVICE} · ${clientIp}`);
      const at = Date.parse((await item.locator("time").getAttribute("datetime")) ?? "");
      expect(at).toBeGreaterThan(startedAt);
      expect(at).toBeLessThanOrEqual(Date.now());
    }
    // Everything fits on one page.
    await expect(page.getByRole("link", { name: "Older →" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "← Newer" })).toHaveCount(0);
  });

  test("shows 20 events a page, with links to older and newer ones", async ({ page, authenticators }) => {
    await authenticators.add();
    await signUp(page);
    const id = await passkeyId(page, FIRST_PASSKEY);
    // 1 sign-up + 21 renames = 22 events: a full first page and two on the second.
    for (let i = 1; i <= 21; i += 1) await renamePasskeyViaApi(page, id, `Name ${i}`);

    await page.goto("/account/activity");
    await expect(events(page)).toHaveCount(PAGE_SIZE);
    const firstPage = await descriptions(page);
    expect(firstPage[0]).toBe("Passkey renamed from “Name 20” to “Name 21”");
    expect(firstPage[PAGE_SIZE - 1]).toBe("Passkey renamed from “Name 1” to “Name 2”");
    await expect(page.getByRole("link", { name: "← Newer" })).toHaveCount(0);

    await page.getByRole("link", { name: "Older →" }).click();
    await expect(page).toHaveURL("/account/activity?page=2");
    await expect(events(page)).toHaveCount(2);
    expect(await descriptions(page)).toEqual([
      `Passkey renamed from “${FIRST_PASSKEY}” to “Name 1”`,
      `Account created with passkey “${FIRST_PASSKEY}”`,
    ]);
    await expect(page.getByRole("link", { name: "Older →" })).toHaveCount(0);

    await page.getByRole("link", { name: "← Newer" }).click();
    await expect(page).toHaveURL("/account/activity");
    expect(await descriptions(page)).toEqual(firstPage);
  });
});
