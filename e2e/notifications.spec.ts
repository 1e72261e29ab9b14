import type { Page } from "@playwright/test";
import { answerOnlyWith, expect, LINUX_CHROME_USER_AGENT, openAnotherBrowser, test, uniqueEmail } from "./fixtures";
import type { MailboxMessage } from "./mailbox";
import { confirmationSection, confirmEmail, signOut } from "./pages/account";
import { addPasskeyWithNewAuthenticator } from "./pages/passkeys";
import { generateRecoveryCodes } from "./pages/recovery";
import { signInWithEmail, signInWithRecoveryCode } from "./pages/sign-in";
import { signUp } from "./pages/sign-up";
import { sessionCookie } from "./session-cookie";
import { confirmWithPasskey } from "./step-up";

const NEW_DEVICE = "New sign-in from a device we haven't seen before";
const CHANGED = "Your account's email address was changed";

test.use({ userAgent: LINUX_CHROME_USER_AGENT, withoutAutofill: true });

/** The facts every security email states about the browser that caused it. */
function expectFacts(message: MailboxMessage, clientIp: string): void {
  expect(message.text).toContain("Device: Chrome on Linux");
  expect(message.text).toContain(`IP address: ${clientIp}`);
  const when = /^When: (.+)$/m.exec(message.text)?.[1];
  expect(when, "a When: line").toBeDefined();
  expect(recentUtcMoments()).toContain(when);
}

/**
 * Every second of the last five minutes as an English email writes it (the reader's zone is
 * unknown to the server, so in UTC, saying so), formatted by Intl here rather than matched
 * against a pattern: the email's "When:" must be one of them.
 */
function recentUtcMoments(): string[] {
  const format = new Intl.DateTimeFormat("en", { dateStyle: "full", timeStyle: "long", timeZone: "UTC" });
  const now = Math.floor(Date.now() / 1000) * 1000;
  return Array.from({ length: 301 }, (_, seconds) => format.format(new Date(now - seconds * 1000)));
}

/** Removes a passkey through /account/passkeys' Remove and its confirmation dialog. */
async function removePasskey(page: Page, name: string): Promise<void> {
  await page.goto("/account/passkeys");
  const items = page.getByRole("main").getByRole("list").getByRole("listitem");
  await expect(items).toHaveCount(2);
  await items.filter({ has: page.getByRole("heading", { level: 3, name, exact: true }) }).getByRole("button", { name: "Remove" }).click();
  await page.getByRole("dialog", { name: `Remove “${name}”?` }).getByRole("button", { name: "Remove" }).click();
  await expect(items).toHaveCount(1);
}

test.describe("security emails", () => {
  test.setTimeout(90_000);

  test("changing the email tells both addresses, once the new one is confirmed", async ({ page, mailbox, authenticators, clientIp }) => {
    await authenticators.add({ kind: "platform" });
    const user = await signUp(page, { confirm: true });
    const newEmail = uniqueEmail("moved");
    await page.getByRole("button", { name: "Edit profile" }).click();
    await page.getByRole("textbox", { name: "Email" }).fill(newEmail);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(confirmationSection(page)).toContainText(newEmail);
    expect((await mailbox.messages(user.email)).map((message) => message.subject)).not.toContain(CHANGED);
    await confirmEmail(page, newEmail);

    const notice = await mailbox.expectEmail(user.email, CHANGED);
    expect(notice.text).toContain(`changed from “${user.email}” to “${newEmail}”`);
    expect(notice.text).toContain("This wasn't me: ");
    expectFacts(notice, clientIp);
    expect((await mailbox.expectEmail(newEmail, CHANGED)).text).toContain("to this address");
  });

  test("an unconfirmed account gets no security emails, only its code", async ({ page, mailbox, authenticators }) => {
    await authenticators.add({ kind: "platform" });
    const user = await signUp(page);
    await generateRecoveryCodes(page);
    await expect.poll(async () => (await mailbox.messages(user.email)).map((message) => message.subject)).toEqual(["Confirm your email address"]);
  });

  test("adding and removing a passkey each send an email naming the passkey", async ({ page, mailbox, authenticators, clientIp }) => {
    const phone = await authenticators.add({ kind: "platform" });
    const user = await signUp(page, { confirm: true });
    const { name } = await addPasskeyWithNewAuthenticator(page, authenticators, { kind: "security-key" });

    const added = await mailbox.expectEmail(user.email, "A passkey was added to your account");
    expect(added.subject).toBe("A passkey was added to your account");
    // Nobody is greeted by name: a display name is text anyone could have chosen.
    expect(added.text).toMatch(/^Hello,$/m);
    expect(added.text).not.toContain(user.name);
    expect(added.text).toContain(`The passkey “${name}” was added to your account.`);
    expectFacts(added, clientIp);

    await answerOnlyWith(authenticators, phone);
    await removePasskey(page, name);
    const removed = await mailbox.expectEmail(user.email, "A passkey was removed from your account");
    expect(removed.text).toContain(`The passkey “${name}” was removed from your account.`);
    expectFacts(removed, clientIp);
  });

  test("new recovery codes, and a sign-in with one from a new browser, each send an email", async ({ page, mailbox, authenticators, browser, clientIp }) => {
    await authenticators.add();
    const user = await signUp(page, { confirm: true });
    const [code] = await generateRecoveryCodes(page);
    const created = await mailbox.expectEmail(user.email, "New recovery codes were created");
    expect(created.text).toContain("Your earlier codes no longer work.");
    expectFacts(created, clientIp);

    const laptop = await openAnotherBrowser(browser);
    try {
      await laptop.page.goto("/signin");
      await signInWithRecoveryCode(laptop.page, user.email, code);
      await expect(laptop.page).toHaveURL("/account/passkeys?recovered=1");
    } finally {
      await laptop.context.close();
    }
    const used = await mailbox.expectEmail(user.email, "A recovery code was used to sign in");
    expect(used.text).toContain("That code can't be used again.");
    expectFacts(used, laptop.clientIp);
    const newDevice = await mailbox.expectEmail(user.email, NEW_DEVICE);
    expect(newDevice.text).toContain("Your account was signed in to from a new device.");
    expectFacts(newDevice, laptop.clientIp);
  });

  test("a new-device email goes out for a browser's first sign-in only, never for the browser that created the account", async ({
    page,
    mailbox,
    authenticators,
    browser,
  }) => {
    await authenticators.add({ kind: "platform", synced: true });
    const user = await signUp(page, { confirm: true });
    const newDeviceEmails = async () => (await mailbox.messages(user.email)).filter((message) => message.subject === NEW_DEVICE);

    // The browser that created the account signs in again: it is not new.
    await signOut(page);
    await signInWithEmail(page, user.email);
    await expect(page).toHaveURL("/account");

    // A second computer gets a passkey of its own (added while borrowing this browser's session),
    // then signs in with it for itself.
    const laptop = await openAnotherBrowser(browser);
    try {
      const session = await sessionCookie(page);
      await laptop.context.addCookies([session!]);
      // The laptop holds no passkey that could confirm for this session: start its step-up window
      // afresh here, so a slow machine never lets it run out before the laptop adds its passkey.
      expect((await confirmWithPasskey(page)).status).toBe(200);
      const { device: laptopKey, name } = await addPasskeyWithNewAuthenticator(laptop.page, authenticators, { kind: "security-key" });
      await laptop.context.clearCookies({ name: session!.name });
      await answerOnlyWith(authenticators, laptopKey);
      await laptop.page.goto("/signin");
      await signInWithEmail(laptop.page, user.email);
      await expect(laptop.page).toHaveURL("/account");

      const notice = await mailbox.expectEmail(user.email, NEW_DEVICE);
      expect(notice.text).toContain(`Your account was signed in to from a new device with the passkey “${name}”.`);
      expectFacts(notice, laptop.clientIp);

      // Its second sign-in is from a device we have seen.
      await signOut(laptop.page);
      await signInWithEmail(laptop.page, user.email);
      await expect(laptop.page).toHaveURL("/account");
    } finally {
      await laptop.context.close();
    }
    // Emails are written with the sign-in itself, so none can still be on its way.
    expect(await newDeviceEmails()).toHaveLength(1);
  });

  test("deleting the account sends a last email", async ({ page, mailbox, authenticators, clientIp }) => {
    await authenticators.add();
    const user = await signUp(page, { confirm: true });
    await page.getByRole("button", { name: "Delete account" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete your account?" });
    await dialog.getByRole("textbox", { name: "Type your email to confirm" }).fill(user.email);
    await dialog.getByRole("button", { name: "Delete my account" }).click();
    await expect(page).toHaveURL("/signin?deleted=1");

    const deleted = await mailbox.expectEmail(user.email, "Your account has been deleted");
    expect(deleted.text).toMatch(/^Hello,$/m);
    expect(deleted.text).toContain("Your passkeys for this site no longer sign anyone in");
    expectFacts(deleted, clientIp);
  });
});
