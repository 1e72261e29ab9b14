import "server-only";
import type { OutboxEmail, Prisma } from "../../generated/prisma/client";

// Queuing mail is part of the change it reports (the caller's transaction); sending it is the
// outbox worker's job (./outbox.ts). Kept apart so that everything that records an event does
// not also load the mailer and the delivery loop.

type Db = Pick<Prisma.TransactionClient, "outboxEmail">;

export interface EmailToSend {
  userId: string | null;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * "security" (the default) for notices about the account; "requested" for mail a request asked
   * for (confirmation codes), which never goes out before a waiting security notice.
   */
  priority?: MailPriority;
  /** Not before this instant (a reminder scheduled ahead, like a recovery's halfway notice); now when absent. */
  sendAt?: Date;
}

export type MailPriority = "security" | "requested";
const PRIORITY: Record<MailPriority, number> = { security: 0, requested: 1 };

export const MAX_ATTEMPTS = 10;
const FIRST_RETRY_MS = 30 * 1000;
const LONGEST_RETRY_MS = 60 * 60 * 1000;

/** Seconds-doubling back-off after a failed attempt: 30 s, 1 min, 2 min … at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

/** Records a message for delivery. Pass a transaction to commit it with the change it reports. */
export async function enqueueEmail(db: Db, email: EmailToSend): Promise<OutboxEmail> {
  return db.outboxEmail.create({
    data: {
      userId: email.userId,
      kind: email.kind,
      toAddress: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      priority: PRIORITY[email.priority ?? "security"],
      ...(email.sendAt ? { nextAttemptAt: email.sendAt } : {}),
    },
  });
}

/** Drops the account's mail that has not gone out yet (the account is being deleted). */
export async function dropQueuedEmails(db: Db, userId: string): Promise<void> {
  await db.outboxEmail.deleteMany({ where: { userId } });
}

/** Drops the account's mail of these kinds that has not gone out yet (reminders whose occasion is gone). */
export async function dropUnsentEmails(db: Db, userId: string, kinds: string[]): Promise<number> {
  const { count } = await db.outboxEmail.deleteMany({ where: { userId, kind: { in: kinds }, sentAt: null } });
  return count;
}

/** Asks this process's outbox worker, if it runs, for a delivery pass now rather than at its next tick. */
export function deliverSoon(): void {
  (globalThis as { portalOutboxWorker?: { wake(): void } }).portalOutboxWorker?.wake();
}
