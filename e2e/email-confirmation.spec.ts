import type { Page } from "@playwright/test";
import { expect, LINUX_CHROME_USER_AGENT, openAnotherBrowser, test, uniqueEmail } from "./fixtures";
import { confirmationSection, confirmEmail } from "./pages/account";
import { alertOf } from "./pages/common";
import { signInWithEmail } from "./pages/sign-in";
import { signUp } from "./pages/sign-up";
import { sessionCookie } from "./session-cookie";
import { outwaitStepUpWindow } from "./step-up";

const WRONG_CODE = "That code is wrong, was already used or has expired. Check the latest email we sent, or send a new code.";
const CHANGED = "Your account's email address was changed";

test.use({ userAgent: LINUX_CHROME_USER_AGENT, withoutAutofill: true });

/** A code that is certainly not `code`. */
function otherCode(code: string): string {
  return code.replace(/\d$/, (digit) => String((Number(digit) + 1) % 10));
}

/** Edit profile → Email → Save on /account; a passkey check may run first (the page's authenticator answers). */
async function requestEmailChange(page: Page, email: string): Promise<void> {
  await page.getByRole("button", { name: "Edit profile" }).click();
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(confirmationSection(page)).toHaveAccessibleName("Confirm your new email");
}

function emailOnAccountPage(page: Page) {
  return page.getByRole("main").locator("dt:text-is('Email') + dd");
}

test.describe("confirming the email", () => {
  test.setTimeout(90_000);

  test("sign-up asks for the code; a wrong code gets an alert, the right one removes the section", async ({ page, mailbox, authenticators }) => {
    await authenticators.add();
    const user = await signUp(page);
    const section = page.getByRole("region", { name: "Confirm your email", exact: true });
    await expect(section).toContainText(user.email);
    await expect(emailOnAccountPage(page)).toContainText("(not confirmed)");
    const { code } = await mailbox.confirmation(user.email);

    await section.getByRole("textbox", { name: "Confirmation code" }).fill(otherCode(code));
    await section.getByRole("button", { name: "Confirm" }).click();
    await expect(alertOf(page)).toHaveText(WRONG_CODE);

    await section.getByRole("textbox", { name: "Confirmation code" }).fill(code);
    await section.getByRole("button", { name: "Confirm" }).click();
    await expect(section).toBeHidden();
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
    await expect(confirmationSection(page)).toHaveCount(0);
    await expect(emailOnAccountPage(page)).toHaveText(user.email);
  });

  test("a new code replaces the old one, and the emailed link confirms without signing in", async ({ page, mailbox, authenticators, browser }) => {
    await authenticators.add();
    const user = await signUp(page);
    const first = await mailbox.confirmation(user.email);
    await confirmationSection(page).getByRole("button", { name: "Send a new code" }).click();
    await expect(page.getByRole("main").getByRole("status")).toContainText(`We sent a new code to ${user.email}.`);
    await expect.poll(async () => (await mailbox.messages(user.email)).filter((message) => message.status === "Delivered").length).toBe(2);
    const second = await mailbox.confirmation(user.email);
    expect(second.link).not.toBe(first.link);

    const otherComputer = await openAnotherBrowser(browser);
    try {
      await otherComputer.page.goto(first.link);
      await expect(alertOf(otherComputer.page)).toContainText("This link is wrong, was already used or has expired.");
      await otherComputer.page.goto(second.link);
      await expect(otherComputer.page.getByRole("main")).toContainText(`Confirm that ${user.email} is your email address.`);
      await otherComputer.page.getByRole("button", { name: "Confirm email address" }).click();
      await expect(otherComputer.page.getByRole("main").getByRole("status")).toHaveText(`${user.email} is confirmed.`);
    } finally {
      await otherComputer.context.close();
    }
    await page.reload();
    await expect(confirmationSection(page)).toHaveCount(0);
  });

  test("an address that already has an account: sign-up works the same, its owner is told, and nobody else can confirm it", async ({
    page,
    mailbox,
    authenticators,
    browser,
  }) => {
    await authenticators.add();
    const owner = await signUp(page, { name: "Owner", confirm: true });

    const stranger = await openAnotherBrowser(browser);
    try {
      await authenticators.add({}, stranger.page);
      await signUp(stranger.page, { email: owner.email.toUpperCase(), name: "Stranger" });
      await expect(stranger.page.getByRole("region", { name: "Confirm your email", exact: true })).toContainText(owner.email);
      // Whatever code the stranger tries, it is wrong: none was ever sent.
      const section = confirmationSection(stranger.page);
      await section.getByRole("textbox", { name: "Confirmation code" }).fill("1234 5678");
      await section.getByRole("button", { name: "Confirm" }).click();
      await expect(alertOf(stranger.page)).toHaveText(WRONG_CODE);
    } finally {
      await stranger.context.close();
    }

    const notice = await mailbox.expectEmail(owner.email, "Someone tried to use your email address");
    expect(notice.text).toContain("It already belongs to your account");
    expect(notice.text).not.toContain("Confirmation code");
    expect(notice.text).not.toContain("Stranger");
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Owner");
    await expect(confirmationSection(page)).toHaveCount(0);
  });
});

test.describe("changing the email", () => {
  test.setTimeout(120_000);

  test("needs a passkey check and the new address's code; the email changes only then", async ({ page, mailbox, authenticators }) => {
    const phone = await authenticators.add({ kind: "platform" });
    const user = await signUp(page, { confirm: true });
    const newEmail = uniqueEmail("moved");
    // Outwait the sign-up's passkey check, so that the change asks for a new one.
    await outwaitStepUpWindow(page, user.passkeyCheckedAt);
    phone.clearEvents();
    const stepUp = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/session/step-up/verify");

    await requestEmailChange(page, newEmail);

    expect((await stepUp).status()).toBe(200);
    expect(phone.events("credentialAsserted").length).toBeGreaterThan(0);
    await expect(confirmationSection(page)).toContainText(newEmail);
    await expect(emailOnAccountPage(page)).toHaveText(user.email);
    await page.reload();
    await expect(emailOnAccountPage(page)).toHaveText(user.email);

    await confirmEmail(page, newEmail);

    await expect(emailOnAccountPage(page)).toHaveText(newEmail);
    // signalCurrentUserDetails after the code: the passkey provider now lists the new email.
    await expect.poll(async () => (await phone.credentials())[0].userName).toBe(newEmail);
    const notice = await mailbox.expectEmail(user.email, CHANGED);
    expect(notice.text).toContain(`changed from “${user.email}” to “${newEmail}”`);
    expect(notice.text).toMatch(/^This wasn't me: http:\/\/localhost:\d+\/report-email-change\?token=\S+$/m);
    expect((await mailbox.expectEmail(newEmail, CHANGED)).text).not.toContain("This wasn't me");
  });

  test("This wasn't me, from the old address, signs the account out everywhere and the account page shows the report", async ({
    page,
    mailbox,
    authenticators,
    browser,
  }) => {
    await authenticators.add({ kind: "platform" });
    const user = await signUp(page, { confirm: true });
    const newEmail = uniqueEmail("taken-over");
    await requestEmailChange(page, newEmail);
    await confirmEmail(page, newEmail);
    const session = await sessionCookie(page);
    const link = /^This wasn't me: (\S+)$/m.exec((await mailbox.expectEmail(user.email, CHANGED)).text)?.[1];
    expect(link).toBeDefined();

    // The owner opens the link from their old mailbox, on another computer.
    const owner = await openAnotherBrowser(browser);
    try {
      await owner.page.goto(link!);
      await expect(owner.page.getByRole("heading", { level: 1 })).toHaveText("Report an email change you didn't make");
      await expect(owner.page.getByRole("main")).toContainText(user.email);
      await owner.page.getByRole("button", { name: "This wasn't me" }).click();
      await expect(owner.page).toHaveURL("/signin?reported=1");
      await expect(owner.page.getByRole("main").getByRole("status")).toContainText("signed out every device");
      await expect(owner.page.getByRole("main").getByRole("status")).toContainText("recovery code");

      // The link works once.
      await owner.page.goto(link!);
      await expect(alertOf(owner.page)).toContainText("This link is wrong, was already used or has expired.");
    } finally {
      await owner.context.close();
    }

    // Every session is gone: this browser's, and a copy of its cookie elsewhere.
    const copy = await browser.newContext();
    try {
      await copy.addCookies([session!]);
      const copyPage = await copy.newPage();
      await copyPage.goto("/account");
      await expect(copyPage).toHaveURL("/signin?callbackUrl=%2Faccount");
    } finally {
      await copy.close();
    }
    await page.goto("/account");
    await expect(page).toHaveURL("/signin?callbackUrl=%2Faccount");

    // Both addresses hear about it; the old one signs in again.
    await mailbox.expectEmail(user.email, "An email change on your account was reported");
    await mailbox.expectEmail(newEmail, "An email change on your account was reported");
    await signInWithEmail(page, user.email);
    await expect(page).toHaveURL("/account");
    const report = page.getByRole("region", { name: "You reported an email change you didn't make" });
    await expect(report).toContainText(newEmail);
    await expect(report.getByRole("list", { name: "Activity since the email change" })).toContainText(`Email changed from “${user.email}” to “${newEmail}”`);
    await expect(report.getByRole("link", { name: "Review your passkeys" })).toHaveAttribute("href", "/account/passkeys");
    await expect(report.getByRole("link", { name: "Create new recovery codes" })).toHaveAttribute("href", "/account/recovery");
    await expect(emailOnAccountPage(page)).toHaveText(user.email);

    await report.getByRole("button", { name: "Dismiss" }).click();
    await expect(report).toBeHidden();
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
    await expect(report).toHaveCount(0);
  });
});
