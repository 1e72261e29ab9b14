import "server-only";
import { isIP } from "node:net";
import type { ClientInfo } from "../http/client-info";
import { renderEmail, type EmailBlock } from "./email-text";
import { env } from "../platform/env";
import type { EmailToSend } from "./mail-queue";
import { describeUserAgent } from "./user-agent";

// Mail a request asked for. None of it carries a name the account chose: the only data in it is
// the recipient's own address, so a stranger who enters someone else's address cannot make the
// portal say anything to them.

export type ConfirmationPurpose = "signup" | "change";

interface RequestedMail {
  userId: string;
  to: string;
  purpose: ConfirmationPurpose;
  client: ClientInfo;
  at: Date;
}

export function site(): string {
  const { rpName, origin } = env();
  return `${rpName} (${origin})`;
}

export function requestFacts(client: ClientInfo, at: Date): EmailBlock {
  return {
    facts: [
      ["When", at.toUTCString()],
      ["Device", describeUserAgent(client.userAgent) ?? "Unknown device"],
      ["IP address", client.ipAddress && isIP(client.ipAddress) ? client.ipAddress : "Unknown"],
    ],
  };
}

export function confirmationLink(token: string): string {
  return `${env().origin}/confirm-email?token=${encodeURIComponent(token)}`;
}

/** The code (and link) that proves the recipient reads this address. */
export function composeConfirmationEmail(mail: RequestedMail & { code: string; token: string; expiresIn: string }): EmailToSend {
  const signup = mail.purpose === "signup";
  const { text, html } = renderEmail([
    signup
      ? `Someone, hopefully you, created an account at ${site()} with this email address. To confirm that the address is yours, enter this code on the account page:`
      : `Someone, hopefully you, asked to use this email address for their account at ${site()}. To confirm it, enter this code on the account page:`,
    `Confirmation code: ${mail.code}`,
    "Or confirm with this link:",
    { link: { label: "Confirm this email address", url: confirmationLink(mail.token) } },
    `The code and the link work once and expire in ${mail.expiresIn}.`,
    requestFacts(mail.client, mail.at),
    `If you didn't ask for this, ignore this email: without the code or the link, that account can't use your address.`,
  ]);
  return {
    userId: mail.userId,
    kind: signup ? "email_confirmation" : "email_change_confirmation",
    to: mail.to,
    subject: signup ? "Confirm your email address" : "Confirm your new email address",
    text,
    html,
    priority: "requested",
  };
}

/** For an address another account already confirmed: no code, so nobody else can ever take it. */
export function composeAddressInUseEmail(mail: RequestedMail): EmailToSend {
  const { origin } = env();
  const { text, html } = renderEmail([
    mail.purpose === "signup"
      ? `Someone tried to create an account at ${site()} with this email address. It already belongs to your account, so no other account can use it and nothing changed.`
      : `Someone asked to use this email address for another account at ${site()}. It already belongs to your account, so no other account can use it and nothing changed.`,
    `If that was you, sign in to your account at ${origin}/signin instead. If it wasn't, you don't need to do anything.`,
    requestFacts(mail.client, mail.at),
  ]);
  return { userId: mail.userId, kind: "email_in_use", to: mail.to, subject: "Someone tried to use your email address", text, html, priority: "requested" };
}
