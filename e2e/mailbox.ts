// The portal's development mailbox (/dev/mailbox): the e2e server runs with DEV_MAILBOX=true
// (playwright.config.ts), so security emails stay in the outbox, readable there.
import { expect, type BrowserContext } from "@playwright/test";

/** A security email as the development mailbox shows it. */
export interface MailboxMessage {
  subject: string;
  /** Status line: "Delivered" once the outbox has sent it. */
  status: string;
  /** The plain-text body. */
  text: string;
}

/** The subject of the email carrying a code for a new account's address, or for a new address. */
export const CONFIRMATION_SUBJECT = /^Confirm your (new )?email address$/;

/**
 * Every message to `to` in the development mailbox, newest first, read through a page of its
 * own in `context`.
 */
export async function mailboxMessages(context: BrowserContext, to: string): Promise<MailboxMessage[]> {
  const page = await context.newPage();
  try {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
    const items = page.getByRole("list", { name: "Messages" }).getByRole("listitem");
    const messages: MailboxMessage[] = [];
    for (const item of await items.all()) {
      messages.push({
        subject: await item.getByRole("heading").innerText(),
        status: (await item.locator("dt:text-is('Status') + dd").innerText()).trim(),
        text: await item.locator("pre").innerText(),
      });
    }
    return messages;
  } finally {
    await page.close();
  }
}

/**
 * Waits (polling, up to 20 s) until the mailbox holds a delivered message to `to` whose subject
 * contains `subject`, and returns it. Mail is delivered in the background, so it may lag the
 * action that caused it by a moment.
 */
export async function expectEmail(context: BrowserContext, to: string, subject: string | RegExp): Promise<MailboxMessage> {
  const matches = (message: MailboxMessage) =>
    message.status === "Delivered" && (typeof subject === "string" ? message.subject.includes(subject) : subject.test(message.subject));
  let found: MailboxMessage | undefined;
  await expect
    .poll(async () => {
      found = (await mailboxMessages(context, to)).find(matches);
      return found !== undefined;
    }, { message: `a delivered email to ${to} with subject ${String(subject)}`, timeout: 20_000 })
    .toBe(true);
  return found!;
}

/**
 * Waits (up to 20 s) for a delivered confirmation email to `email` and returns its code
 * (`1234 5678`) and link. With several, the newest delivered one counts.
 */
export async function confirmationEmail(context: BrowserContext, email: string): Promise<{ code: string; link: string }> {
  const message = await expectEmail(context, email, CONFIRMATION_SUBJECT);
  const code = /^Confirmation code: (\d{4} \d{4})$/m.exec(message.text)?.[1];
  const link = /^Confirm this email address: (\S+)$/m.exec(message.text)?.[1];
  if (!code || !link) throw new Error(`No code or link in the confirmation email to ${email}:\n${message.text}`);
  return { code, link };
}

/** The mailbox as the `mailbox` fixture offers it: the functions above, bound to one browser context. */
export interface Mailbox {
  /** {@link mailboxMessages}: every message to `to`, newest first. */
  messages(to: string): Promise<MailboxMessage[]>;
  /** {@link expectEmail}: waits for a delivered message to `to` whose subject matches. */
  expectEmail(to: string, subject: string | RegExp): Promise<MailboxMessage>;
  /** {@link confirmationEmail}: the newest delivered confirmation code and link for `email`. */
  confirmation(email: string): Promise<{ code: string; link: string }>;
}

/** The development mailbox read through pages of `context`. */
export function mailboxOf(context: BrowserContext): Mailbox {
  return {
    messages: (to) => mailboxMessages(context, to),
    expectEmail: (to, subject) => expectEmail(context, to, subject),
    confirmation: (email) => confirmationEmail(context, email),
  };
}
