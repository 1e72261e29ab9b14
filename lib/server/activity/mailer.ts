import "server-only";
import nodemailer from "nodemailer";
import { env } from "../platform/env";

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Where the outbox delivers to: an SMTP server, or the local mailbox (the outbox itself). */
export interface MailTransport {
  name: "smtp" | "mailbox";
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

/** SMTP through nodemailer, e.g. `smtps://user:pass@smtp.example.com`. */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    name: "smtp",
    async send(mail) {
      const info = await transporter.sendMail(mail);
      return { messageId: info.messageId };
    },
  };
}

/**
 * Without SMTP the message is still built by nodemailer (so it is a real RFC 5322 message,
 * checked the same way), then kept in the outbox, where /dev/mailbox shows it.
 */
export function mailboxTransport(): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return {
    name: "mailbox",
    async send(mail) {
      const info = await transporter.sendMail(mail);
      return { messageId: info.messageId };
    },
  };
}

let configured: MailTransport | undefined;

export function configuredTransport(): MailTransport {
  const { smtpUrl } = env();
  configured ??= smtpUrl ? smtpTransport(smtpUrl) : mailboxTransport();
  return configured;
}
