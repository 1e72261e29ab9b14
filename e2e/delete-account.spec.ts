import type { Page } from "@playwright/test";
import { expect, LINUX_CHROME_USER_AGENT, openAnotherBrowser, test, uniqueEmail } from "./fixtures";
import { alertOf } from "./pages/common";
import { addPasskeyWithNewAuthenticator } from "./pages/passkeys";
import { EMAIL_SIGN_IN_FAILED, signInWithEmail, signInWithPasskeyButton } from "./pages/sign-in";
import { signUp } from "./pages/sign-up";
import { sessionCookie } from "./session-cookie";
import { confirmWithPasskey, outwaitStepUpWindow } from "./step-up";

const WRONG_EMAIL = "That isn't your account's email. Type it exactly to confirm.";
const UNKNOWN_PASSKEY = "This passkey isn't registered with us. It may have been removed; try another passkey or create an account.";

test.use({ userAgent: LINUX_CHROME_USER_AGENT, withoutAutofill: true });

/** Opens the Delete account dialog from /account, types `email` and presses "Delete my account". */
async function confirmDeletion(page: Page, email: string): Promise<void> {
  await page.getByRole("button", { name: "Delete account" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete your account?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("textbox", { name: "Type your email to confirm" }).fill(email);
  await dialog.getByRole("button", { name: "Delete my account" }).click();
}

test.describe("deleting the account", () => {
  test("a wrong email deletes nothing, in the page or on the server", async ({ page, authenticators }) => {
    const phone = await authenticators.add();
    const user = await signUp(page);

    await confirmDeletion(page, uniqueEmail("not-mine"));
    const dialog = page.getByRole("dialog", { name: "Delete your account?" });
    await expect(dialog.getByRole("alert")).toHaveText(WRONG_EMAIL);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();

    // The server checks the typed email too (within the step-up window, so nothing else stops it).
    const answer = await page.evaluate(async (email) => {
      const response = await fetch("/api/account", { method: "DELETE", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email }) });
      return { status: response.status, body: (await response.json()) as unknown };
    }, uniqueEmail("not-mine"));
    expect(answer).toEqual({ status: 400, body: { code: "email_mismatch", error: WRONG_EMAIL } });

    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
    expect(phone.events("credentialDeleted")).toEqual([]);
    expect(await phone.credentials()).toHaveLength(1);
  });

  test("the right email and a passkey check delete the account; its passkeys then sign nobody in", async ({
    page,
    mailbox,
    authenticators,
    browser,
    clientIp,
  }) => {
    test.setTimeout(120_000);
    const phone = await authenticators.add({ kind: "platform", synced: true });
    // Confirmed, so that the deletion notice has an address to go to.
    const user = await signUp(page, { confirm: true });
    const [credential] = await phone.credentials();
    const session = await sessionCookie(page);

    // A second computer holds another of the account's passkeys; the deleting page's signal can't reach it.
    const laptop = await openAnotherBrowser(browser);
    try {
      await laptop.context.addCookies([session!]);
      // The laptop holds no passkey that could confirm for this session: start its step-up window
      // afresh here, so a slow machine never lets it run out before the laptop adds its passkey.
      expect((await confirmWithPasskey(page)).status).toBe(200);
      const passkeyCheckedAt = Date.now();
      const { device: laptopKey } = await addPasskeyWithNewAuthenticator(laptop.page, authenticators, { kind: "security-key" });
      await laptop.context.clearCookies();
      const [laptopCredential] = await laptopKey.credentials();

      // Outwait that passkey check so that deleting asks for one again.
      await outwaitStepUpWindow(page, passkeyCheckedAt);
      await page.goto("/account");
      phone.clearEvents();
      const stepUp = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/session/step-up/verify");
      await confirmDeletion(page, user.email);

      expect((await stepUp).status()).toBe(200);
      await expect(page).toHaveURL("/signin?deleted=1");
      await expect(page.getByRole("main").getByRole("status")).toHaveText(/^Your account has been deleted/);
      // (Chromium may also probe the authenticator silently, which reports a second assertion.)
      expect(phone.events("credentialAsserted").length).toBeGreaterThan(0);
      // signalAllAcceptedCredentials with an empty list: the device forgets the account's passkey.
      const deleted = await phone.waitForEvent("credentialDeleted");
      expect(deleted.credentialId).toBe(credential.credentialId);
      expect(await phone.credentials()).toEqual([]);

      // "Next" now offers decoys; with a security key attached too, Chromium answers at once that
      // nothing here holds one (see the unknown-email test in sign-in.spec.ts).
      await authenticators.add({ kind: "security-key" });
      await signInWithEmail(page, user.email);
      await expect(alertOf(page)).toContainText(EMAIL_SIGN_IN_FAILED);
      await expect(alertOf(page).getByRole("link", { name: "Create an account with this email" })).toBeVisible();

      // The other computer's passkey still exists on its device, but no longer signs anyone in.
      expect(await laptopKey.credentials()).toHaveLength(1);
      await laptop.page.goto("/signin");
      await signInWithPasskeyButton(laptop.page);
      await expect(alertOf(laptop.page)).toHaveText(UNKNOWN_PASSKEY);
      expect((await laptopKey.waitForEvent("credentialDeleted")).credentialId).toBe(laptopCredential.credentialId);
      await expect(laptop.page).toHaveURL("/signin");
    } finally {
      await laptop.context.close();
    }

    // The old session cookie opens nothing: the session went with the account.
    const replay = await browser.newContext();
    try {
      await replay.addCookies([session!]);
      const replayPage = await replay.newPage();
      await replayPage.goto("/account");
      await expect(replayPage).toHaveURL("/signin?callbackUrl=%2Faccount");
    } finally {
      await replay.close();
    }

    // The confirmation is the only email kept for the address (the passkey-added one went with the account).
    const notice = await mailbox.expectEmail(user.email, "Your account has been deleted");
    expect(notice.text).toContain(`IP address: ${clientIp}`);
    expect(notice.text).toContain("Device: Chrome on Linux");
    expect((await mailbox.messages(user.email)).map((message) => message.subject)).toEqual(["Your account has been deleted"]);
  });
});
