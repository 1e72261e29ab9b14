import type { Browser, BrowserContext, Page } from "@playwright/test";
import { answerOnlyWith, disableAutofill, expect, test, type Authenticators, type VirtualAuthenticator } from "./fixtures";
import { signOut } from "./pages/account";
import { alertOf } from "./pages/common";
import { addPasskeyWithNewAuthenticator } from "./pages/passkeys";
import { signInWithEmail, signInWithPasskeyButton } from "./pages/sign-in";
import { signUp, type SignedUpUser } from "./pages/sign-up";
import { sessionCookie } from "./session-cookie";
import { confirmWithPasskey, requestFromPage } from "./step-up";

const UNKNOWN_PASSKEY = "This passkey isn't registered with us. It may have been removed; try another passkey or create an account.";
const OTHER_DEVICE_PASSKEY = "Passkey on this device";

interface OtherDevice {
  context: BrowserContext;
  page: Page;
  device: VirtualAuthenticator;
}

/**
 * A second browser (its own context, no autofill) with its own authenticator, holding a passkey
 * of `user`'s account and signed in with it. The passkey is added from that browser while it
 * borrows the first browser's session cookie; the borrowed cookie is then dropped and the second
 * browser signs in for itself, so its session is the one "signed in with that passkey".
 */
async function signInOnOtherDevice(browser: Browser, page: Page, authenticators: Authenticators, user: SignedUpUser): Promise<OtherDevice> {
  const context = await browser.newContext();
  await disableAutofill(context);
  const session = await sessionCookie(page);
  if (!session) throw new Error("The first browser is not signed in");
  await context.addCookies([session]);
  const otherPage = await context.newPage();
  // The other browser holds no passkey that could confirm for this session: start its step-up
  // window afresh here, so a slow machine never lets it run out before the passkey is added.
  expect((await confirmWithPasskey(page)).status).toBe(200);
  const { device, name } = await addPasskeyWithNewAuthenticator(otherPage, authenticators, { kind: "platform", synced: true });
  expect(name).toBe(OTHER_DEVICE_PASSKEY);
  await context.clearCookies();
  await otherPage.goto("/signin");
  await signInWithEmail(otherPage, user.email);
  await expect(otherPage).toHaveURL("/account");
  return { context, page: otherPage, device };
}

/** Removes a passkey through /account/passkeys' Remove and its confirmation dialog. */
async function removePasskey(page: Page, name: string): Promise<void> {
  await page.goto("/account/passkeys");
  const items = page.getByRole("main").getByRole("list").getByRole("listitem");
  const before = await items.count();
  await items.filter({ has: page.getByRole("heading", { level: 3, name, exact: true }) }).getByRole("button", { name: "Remove" }).click();
  await page.getByRole("dialog", { name: `Remove “${name}”?` }).getByRole("button", { name: "Remove" }).click();
  await expect(items).toHaveCount(before - 1);
}

test.describe("removing a passkey elsewhere", () => {
  test.use({ withoutAutofill: true });

  test("signs out the sessions that were signed in with it, and only those", async ({ page, authenticators, browser }) => {
    await authenticators.add({ kind: "security-key", synced: false });
    const user = await signUp(page);
    const other = await signInOnOtherDevice(browser, page, authenticators, user);
    try {
      // Control: the other browser's session works before the removal.
      await other.page.reload();
      await expect(other.page.getByRole("heading", { level: 1 })).toHaveText(user.name);

      await removePasskey(page, OTHER_DEVICE_PASSKEY);

      await other.page.reload();
      await expect(other.page).toHaveURL("/signin?callbackUrl=%2Faccount");
      // This browser signed in with the other passkey: still signed in.
      await page.goto("/account");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
    } finally {
      await other.context.close();
    }
  });

  test("at the next sign-in with it, the server answers unknown credential and the page makes the device forget it", async ({
    page,
    authenticators,
    browser,
  }) => {
    await authenticators.add({ kind: "security-key", synced: false });
    const user = await signUp(page);
    const other = await signInOnOtherDevice(browser, page, authenticators, user);
    try {
      const [stale] = await other.device.credentials();
      await removePasskey(page, OTHER_DEVICE_PASSKEY);
      // The removal's signal reached only the authenticators of the page that removed it.
      expect(await other.device.credentials()).toHaveLength(1);

      await other.page.goto("/signin");
      other.device.clearEvents();
      await signInWithPasskeyButton(other.page);

      await expect(alertOf(other.page)).toHaveText(UNKNOWN_PASSKEY);
      await other.device.waitForEvent("credentialAsserted");
      const deleted = await other.device.waitForEvent("credentialDeleted");
      expect(deleted.credentialId).toBe(stale.credentialId);
      expect(await other.device.credentials()).toEqual([]);
      await expect(other.page).toHaveURL("/signin");
    } finally {
      await other.context.close();
    }
  });

  test("a successful sign-in makes the device forget the account's passkeys that were removed", async ({ page, authenticators }) => {
    const key = await authenticators.add({ kind: "security-key", synced: false });
    const user = await signUp(page);
    const { device: phone } = await addPasskeyWithNewAuthenticator(page, authenticators, { kind: "platform", synced: true });
    const [removed] = await phone.credentials();

    // Sign in again so the session's passkey check is fresh for the API call below.
    await answerOnlyWith(authenticators, key);
    await page.goto("/account");
    await signOut(page);
    await signInWithEmail(page, user.email);
    await expect(page).toHaveURL("/account");
    // Every passkey is still accepted: the sign-in's signal removes nothing.
    expect(phone.events("credentialDeleted")).toEqual([]);
    expect(await phone.credentials()).toHaveLength(1);

    // Removed on the server without the page's signal (as from a browser without the Signal API).
    await page.goto("/account/passkeys");
    const id = (await page.getByRole("heading", { level: 3, name: OTHER_DEVICE_PASSKEY }).getAttribute("id"))?.replace(/^passkey-/, "");
    const { status } = await requestFromPage(page, "DELETE", `/api/account/passkeys/${id}`);
    expect(status).toBe(200);
    expect(await phone.credentials()).toHaveLength(1);

    await page.goto("/account");
    await signOut(page);
    await signInWithEmail(page, user.email);
    await expect(page).toHaveURL("/account");
    const deleted = await phone.waitForEvent("credentialDeleted");
    expect(deleted.credentialId).toBe(removed.credentialId);
    expect(await phone.credentials()).toEqual([]);
    expect(await key.credentials()).toHaveLength(1);
  });
});
