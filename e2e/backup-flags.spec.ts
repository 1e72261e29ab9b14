// A passkey that was device-bound when it was added and later reports the backup flags (BE, BS)
// of a synced one, through CDP's WebAuthn.setCredentialProperties, as a passkey provider that
// starts syncing does.
import type { BrowserContext, Locator, Page } from "@playwright/test";
import { answerOnlyWith, expect, LINUX_CHROME_USER_AGENT, test } from "./fixtures";
import { expectEmail, type MailboxMessage } from "./mailbox";
import { signOut } from "./pages/account";
import { alertOf } from "./pages/common";
import { addPasskeyWithNewAuthenticator } from "./pages/passkeys";
import { signInWithEmail } from "./pages/sign-in";
import { signUp } from "./pages/sign-up";
import { formatInBrowser } from "./reader-time";

const PHONE = "Passkey on this device";
const BECAME_SYNCED = `Passkey “${PHONE}” is now synced: its provider reported copying it to other devices`;
const SYNCED_NOT_ALLOWED =
  "Your account only allows passkeys that stay on one device, and this passkey is synced. Use a device-bound passkey, such as a security key.";
const NOT_USABLE = "Not usable: your account only allows passkeys that stay on one device.";
const SELF_REPORTED = /Whether a passkey is synced is what its provider reports about itself each time you use it: we don't check the passkey's attestation, so we can't verify that report\./;

test.use({ withoutAutofill: true, userAgent: LINUX_CHROME_USER_AGENT });

function passkeyItem(page: Page, name: string): Locator {
  return page.getByRole("main").getByRole("listitem", { name, exact: true });
}

async function activity(page: Page): Promise<string[]> {
  await page.goto("/account/activity");
  return page.getByRole("list", { name: "Security events" }).getByRole("listitem").locator("p:first-child").allInnerTexts();
}

/**
 * The owner's notice. Written as one step so a precondition (e.g. confirming the address, if
 * notices go only to confirmed addresses) can be added here once.
 */
async function becameSyncedEmail(context: BrowserContext, email: string): Promise<MailboxMessage> {
  return expectEmail(context, email, "One of your passkeys is now synced");
}

/** Checks the passkey is listed as synced since a moment in [from, to], shown in the reader's own format. */
async function expectListedAsSyncedSince(page: Page, name: string, from: number, to: number): Promise<void> {
  await page.goto("/account/passkeys");
  const item = passkeyItem(page, name);
  await expect(item.getByText("Synced", { exact: true })).toBeVisible();
  await expect(item.getByText("This device only", { exact: true })).toHaveCount(0);
  const since = item.getByText(/^Synced since /);
  await expect(since).toContainText("its provider has since reported that it is copied to other devices");
  const time = since.locator("time");
  const iso = (await time.getAttribute("datetime")) ?? "";
  expect(Date.parse(iso)).toBeGreaterThanOrEqual(from - 1000);
  expect(Date.parse(iso)).toBeLessThanOrEqual(to);
  await expect(time).toHaveText(await formatInBrowser(page, iso, "exact"));
}

test.describe("a device-bound passkey that turns synced", () => {
  test("is listed as synced from the sign-in that reports it, with the date, in the activity and by email", async ({ page, context, authenticators }) => {
    const phone = await authenticators.add({ kind: "platform", synced: false });
    const user = await signUp(page, { confirm: true });
    await expect(page.getByRole("main")).toContainText("1 saved · 0 synced");
    await page.goto("/account/passkeys");
    await expect(passkeyItem(page, PHONE).getByText("This device only", { exact: true })).toBeVisible();
    await expect(page.getByRole("region", { name: "Synced or device-bound" })).toContainText(SELF_REPORTED);

    await phone.setBackupFlags({ backupEligibility: true, backupState: true });
    expect(await phone.credentials()).toEqual([expect.objectContaining({ backupEligibility: true, backupState: true })]);
    await page.goto("/account");
    await signOut(page);
    const from = Date.now();
    await signInWithEmail(page, user.email);
    await expect(page).toHaveURL("/account");
    const to = Date.now();

    await expect(page.getByRole("main")).toContainText("1 saved · 1 synced");
    await expectListedAsSyncedSince(page, PHONE, from, to);
    expect(await activity(page)).toEqual(expect.arrayContaining([BECAME_SYNCED, `Signed in with passkey “${PHONE}”`]));
    const email = await becameSyncedEmail(context, user.email);
    expect(email.text).toContain(`the passkey “${PHONE}” reported for the first time that its provider copies it to other devices`);
    expect(email.text).toContain("Device: Chrome on Linux");
  });

  test("is refused at that very sign-in while only device-bound passkeys are allowed", async ({ page, context, authenticators }) => {
    test.setTimeout(90_000);
    const phone = await authenticators.add({ kind: "platform", synced: false });
    const user = await signUp(page, { confirm: true });
    const { device: key } = await addPasskeyWithNewAuthenticator(page, authenticators, { kind: "security-key", synced: false });
    // Past the step-up window (a slow machine gets there), only the passkey from sign-up may
    // confirm the change: the key was added in this session.
    await answerOnlyWith(authenticators, phone);
    await page.getByRole("checkbox", { name: "Only allow passkeys that stay on one device" }).check();
    await expect(page.getByRole("main").getByRole("status")).toHaveText("Only passkeys that stay on one device can be used now.");
    await expect(passkeyItem(page, PHONE)).not.toContainText(NOT_USABLE);

    await phone.setBackupFlags({ backupEligibility: true, backupState: true });
    await page.goto("/account");
    await signOut(page);
    await answerOnlyWith(authenticators, phone);
    phone.clearEvents();
    const from = Date.now();
    await signInWithEmail(page, user.email);

    await expect(alertOf(page)).toHaveText(SYNCED_NOT_ALLOWED);
    // The phone did sign: the refusal is the policy applied to the flags it just reported.
    await phone.waitForEvent("credentialAsserted");
    await expect(page).toHaveURL("/signin");
    const to = Date.now();
    // Even refused, the change was kept: the owner hears of it at once.
    await becameSyncedEmail(context, user.email);

    await answerOnlyWith(authenticators, key);
    await signInWithEmail(page, user.email);
    await expect(page).toHaveURL("/account");
    await expectListedAsSyncedSince(page, PHONE, from, to);
    await expect(passkeyItem(page, PHONE)).toContainText(NOT_USABLE);
    expect(await activity(page)).toEqual(expect.arrayContaining([BECAME_SYNCED, `Failed sign-in attempt with passkey “${PHONE}”`]));
  });
});
