// Recovery through the confirmed email: "I can't use any of my passkeys" on /signin, the emailed
// /recover link, and the banner every /account page shows meanwhile.
import { expect, type Locator, type Page } from "@playwright/test";
import type { Mailbox } from "../mailbox";

/** The words /signin shows after "Start recovery", whatever the address (lib/server/recovery/email-recovery-input.ts). */
export const RECOVERY_REQUESTED =
  "If this email address is the confirmed address of an account, we've sent it a link to start recovery. Open it in this browser. The link expires in 24 hours.";

/** The subject of the email carrying the link. */
export const RECOVERY_LINK_SUBJECT = "Recover your account";

/**
 * On /signin: "Other ways to sign in" → "I can't use any of my passkeys" (unless the form is
 * shown), then types `email` and presses "Start recovery". Returns the form's status message.
 */
export async function startEmailRecovery(page: Page, email: string): Promise<Locator> {
  const start = page.getByRole("button", { name: "Start recovery" });
  if (!(await start.isVisible())) {
    const otherWays = page.getByRole("button", { name: "Other ways to sign in" });
    if ((await otherWays.getAttribute("aria-expanded")) !== "true") await otherWays.click();
    await page.getByRole("button", { name: "I can't use any of my passkeys" }).click();
  }
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await start.click();
  return page.getByRole("main").getByRole("status");
}

/**
 * Waits for the newest delivered recovery email to `email` whose link is not one of `seen`
 * (mail is delivered in the background), and returns its /recover link.
 */
export async function recoveryLinkFromEmail(mailbox: Mailbox, email: string, seen: string[] = []): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => {
      const messages = await mailbox.messages(email);
      link = messages
        .filter((message) => message.status === "Delivered" && message.subject === RECOVERY_LINK_SUBJECT)
        .map((message) => /^Start recovery: (\S+)$/m.exec(message.text)?.[1])
        .find((found) => found !== undefined && !seen.includes(found));
      return link !== undefined;
    }, { message: `a new recovery email to ${email}`, timeout: 20_000 })
    .toBe(true);
  return link!;
}

/** The banner on every /account page while a recovery of the account is under way. */
export function recoveryBanner(page: Page): Locator {
  return page.getByRole("region", { name: "Someone asked to recover your account" });
}
