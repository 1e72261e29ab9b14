// Transports for driving the outbox in tests (one builds the real RFC 5322 message with
// nodemailer and keeps it for parsing, one fails like an SMTP server that is down), and the
// queries tests use to see which emails and security events an action left behind.
import { simpleParser, type ParsedMail } from "mailparser";
import nodemailer from "nodemailer";
import { prisma } from "../server/platform/db";
import type { OutboxEmail } from "../generated/prisma/client";
import type { MailTransport, OutgoingMail } from "../server/activity/mailer";

export interface CapturingTransport {
  transport: MailTransport;
  /** What send() was asked to deliver, in order. */
  sent: OutgoingMail[];
  /** The raw messages nodemailer built, parsed back as a mail client would. */
  parsed(): Promise<ParsedMail[]>;
}

export function capturingTransport(options: { delayMs?: number } = {}): CapturingTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const sent: OutgoingMail[] = [];
  const raw: Buffer[] = [];
  return {
    sent,
    parsed: () => Promise.all(raw.map((message) => simpleParser(message))),
    transport: {
      name: "smtp",
      async send(mail) {
        sent.push(mail);
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        const info = await transporter.sendMail(mail);
        raw.push(info.message as Buffer);
        return { messageId: info.messageId };
      },
    },
  };
}

export function failingTransport(message = "connect ECONNREFUSED 127.0.0.1:587"): MailTransport & { calls: number } {
  const transport = {
    name: "smtp" as const,
    calls: 0,
    async send(): Promise<{ messageId: string }> {
      transport.calls += 1;
      throw new Error(message);
    },
  };
  return transport;
}

/** Every queued or delivered email to this address, oldest first. */
export function emailsTo(address: string): Promise<OutboxEmail[]> {
  return prisma.outboxEmail.findMany({ where: { toAddress: address }, orderBy: { createdAt: "asc" } });
}

/** The code in the latest confirmation email queued for this address (it must exist). */
export async function confirmationCodeSentTo(address: string): Promise<string> {
  const mail = await prisma.outboxEmail.findFirst({
    where: { toAddress: address, kind: { in: ["email_confirmation", "email_change_confirmation"] } },
    orderBy: { createdAt: "desc" },
  });
  const code = mail ? /^Confirmation code: (\d{4} \d{4})$/m.exec(mail.text)?.[1] : undefined;
  if (!code) throw new Error(`No confirmation code was mailed to ${address}`);
  return code;
}

/** The link token in the latest confirmation email queued for this address (it must exist). */
export async function confirmationTokenSentTo(address: string): Promise<string> {
  const mail = await prisma.outboxEmail.findFirst({
    where: { toAddress: address, kind: { in: ["email_confirmation", "email_change_confirmation"] } },
    orderBy: { createdAt: "desc" },
  });
  const token = mail ? /\/confirm-email\?token=([\w.-]+)/.exec(mail.text)?.[1] : undefined;
  if (!token) throw new Error(`No confirmation link was mailed to ${address}`);
  return token;
}

/** The token in the newest recovery link mailed to this address (it must exist). */
export async function recoveryTokenSentTo(address: string): Promise<string> {
  const mail = await prisma.outboxEmail.findFirst({ where: { toAddress: address, kind: "email_recovery_link" }, orderBy: { createdAt: "desc" } });
  const token = mail ? /\/recover\?token=([\w-]+)/.exec(mail.text)?.[1] : undefined;
  if (!token) throw new Error(`No recovery link was mailed to ${address}`);
  return token;
}

/** The kinds of the emails queued for this account, oldest first. */
export async function emailKinds(userId: string): Promise<string[]> {
  const emails = await prisma.outboxEmail.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
  return emails.map((email) => email.kind);
}

/** The types of this account's security events, oldest first. */
export async function eventTypes(userId: string): Promise<string[]> {
  const events = await prisma.securityEvent.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
  return events.map((event) => event.type);
}

// lib/server/activity/outbox.ts keeps its background worker on globalThis (shared by every copy of the module).
const outboxWorker = globalThis as unknown as { portalOutboxWorker?: { running: Promise<void> | null; timer: NodeJS.Timeout } };

export function outboxWorkerRunning(): boolean {
  return outboxWorker.portalOutboxWorker !== undefined;
}

/**
 * Makes every insert into `table` whose `column` equals `value` fail inside the database (a
 * trigger), as a crash between a change and its activity entry or email would. The change must
 * then leave no trace. Returns what removes the trigger.
 */
export async function failInserts(table: "security_events" | "outbox_emails", column: "type" | "kind", value: string): Promise<() => Promise<void>> {
  const name = `fail_${table}_${value.replace(/\W/g, "_")}`;
  await prisma.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'activity log unavailable'; END $$ LANGUAGE plpgsql`);
  await prisma.$executeRawUnsafe(`
    CREATE TRIGGER ${name} BEFORE INSERT ON ${table}
    FOR EACH ROW WHEN (NEW.${column} = '${value.replace(/'/g, "")}') EXECUTE FUNCTION ${name}()`);
  return async () => {
    await prisma.$executeRawUnsafe(`DROP TRIGGER ${name} ON ${table}`);
  };
}

/** {@link failInserts} for the activity entries of one type. */
export function failRecordingEvents(type: string): Promise<() => Promise<void>> {
  return failInserts("security_events", "type", type);
}

/** {@link failInserts} for the queued emails of one kind. */
export function failQueuingEmails(kind: string): Promise<() => Promise<void>> {
  return failInserts("outbox_emails", "kind", kind);
}
