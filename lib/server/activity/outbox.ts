import "server-only";
import { noteDatabaseError } from "../platform/database-availability";
import { prisma } from "../platform/db";
import { env } from "../platform/env";
import { Prisma, type OutboxEmail } from "../../generated/prisma/client";
import { asJob, hashedId, log } from "../platform/log";
import { configuredTransport, type MailTransport } from "./mailer";
import { MAX_ATTEMPTS, retryDelayMs } from "./mail-queue";

const LEASE_SECONDS = 120;

/** The claim deliverPending runs (exported so lib/testing/hot-queries.ts can EXPLAIN it as issued). */
export function claimDueStatement(limit: number): Prisma.Sql {
  return Prisma.sql`
    UPDATE outbox_emails SET locked_until = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox_emails
      WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
        AND (locked_until IS NULL OR locked_until < now())
      ORDER BY priority, created_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id`;
}

/**
 * Claims due messages with a lease (SKIP LOCKED, so several instances never send one twice
 * at once), security notices first, then delivers each. A failure is recorded and retried later; it never throws.
 */
export async function deliverPending(
  options: { transport?: MailTransport; limit?: number } = {},
): Promise<{ sent: number; failed: number }> {
  const transport = options.transport ?? configuredTransport();
  const claimed = await prisma.$queryRaw<{ id: string }[]>(claimDueStatement(options.limit ?? 20));
  if (claimed.length === 0) return { sent: 0, failed: 0 };
  const held = heldLeases();
  for (const row of claimed) held.add(row.id);
  try {
    return await deliverClaimed(claimed.map((row) => row.id), transport);
  } finally {
    for (const row of claimed) held.delete(row.id);
  }
}

async function deliverClaimed(ids: string[], transport: MailTransport): Promise<{ sent: number; failed: number }> {
  const messages = await prisma.outboxEmail.findMany({
    where: { id: { in: ids } },
    orderBy: [{ priority: "asc" }, { createdAt: "asc" }],
  });
  let sent = 0;
  let failed = 0;
  for (const message of messages) {
    // Shutting down: what is left goes back to the queue (releaseHeldLeases) for another instance.
    if (holder.portalOutboxWorker?.stopping) break;
    try {
      const { messageId } = await transport.send({
        from: env().mailFrom,
        to: message.toAddress,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
      await prisma.outboxEmail.update({
        where: { id: message.id },
        data: { sentAt: new Date(), transport: transport.name, messageId, lockedUntil: null, lastError: null },
      });
      sent += 1;
    } catch (error) {
      failed += 1;
      const lastError = (error as Error)?.message?.slice(0, 500) ?? String(error);
      log.warn("Security email not delivered", {
        messageId: message.id,
        kind: message.kind,
        account: message.userId ? hashedId(message.userId) : undefined,
        attempt: message.attempts,
        reason: lastError,
      });
      const givingUp = message.attempts >= MAX_ATTEMPTS;
      await prisma.outboxEmail.update({
        where: { id: message.id },
        data: {
          lockedUntil: null,
          lastError,
          nextAttemptAt: new Date(Date.now() + retryDelayMs(message.attempts)),
          failedAt: givingUp ? new Date() : null,
        },
      });
    }
  }
  return { sent, failed };
}

/**
 * Hands back the leases this process holds on messages it has not sent, so another instance
 * sends them at once instead of after the lease runs out. Their attempt is not counted: it never
 * happened (or, for a message cut off mid-send, its outcome is unknown and sending again is the
 * safer mistake for a security notice). Returns how many were released.
 */
export async function releaseHeldLeases(): Promise<number> {
  const ids = [...heldLeases()];
  if (ids.length === 0) return 0;
  // Claiming counted the attempt, so attempts is at least 1 here.
  const { count } = await prisma.outboxEmail.updateMany({
    where: { id: { in: ids }, sentAt: null, failedAt: null, lockedUntil: { not: null } },
    data: { lockedUntil: null, attempts: { decrement: 1 } },
  });
  for (const id of ids) heldLeases().delete(id);
  return count;
}

/** Forgets SMTP-delivered messages after a while: the outbox is a queue, not an archive. */
export async function pruneDelivered(olderThanDays = 30): Promise<number> {
  const { count } = await prisma.outboxEmail.deleteMany({
    where: { transport: "smtp", sentAt: { lt: new Date(Date.now() - olderThanDays * 24 * 60 * 60 * 1000) } },
  });
  return count;
}

/** The local mailbox (no SMTP configured), optionally for one recipient: newest first. */
export async function listMailbox(options: { to?: string | null; limit?: number } = {}): Promise<OutboxEmail[]> {
  return prisma.outboxEmail.findMany({
    where: options.to ? { toAddress: options.to } : {},
    orderBy: { createdAt: "desc" },
    take: options.limit ?? 100,
  });
}

// A background worker runs only in the server process (see instrumentation.ts): enqueuing
// then nudges it to deliver at once, and its timer retries whatever failed. It lives on
// globalThis because instrumentation and the route handlers get separate copies of this module.
interface Worker {
  running: Promise<void> | null;
  /** Mail was enqueued during a pass: run another one right after it. */
  again: boolean;
  timer: NodeJS.Timeout;
  /** Set on shutdown: no new pass starts, and a running one stops before its next message. */
  stopping: boolean;
  /** What deliverSoon calls (lib/server/activity/mail-queue.ts). */
  wake: () => void;
}
const holder = globalThis as unknown as { portalOutboxWorker?: Worker; portalOutboxLeases?: Set<string> };

/** Ids of the messages this process has claimed and not yet finished with (any bundle's pass). */
function heldLeases(): Set<string> {
  holder.portalOutboxLeases ??= new Set();
  return holder.portalOutboxLeases;
}

function runOnce(): void {
  const worker = holder.portalOutboxWorker;
  if (!worker || worker.stopping) return;
  if (worker.running) {
    worker.again = true;
    return;
  }
  worker.again = false;
  worker.running = asJob("outbox", () =>
    deliverPending()
      .then(() => undefined)
      .catch((error) => {
        if (!noteDatabaseError(error)) log.error("Outbox delivery pass failed", { error });
      }),
  )
    .finally(() => {
      worker.running = null;
      if (worker.again) runOnce();
    });
}

export function startOutboxWorker(intervalMs = 15 * 1000): void {
  if (holder.portalOutboxWorker) return;
  const timer = setInterval(runOnce, intervalMs);
  timer.unref();
  holder.portalOutboxWorker = { running: null, again: false, timer, stopping: false, wake: () => setTimeout(runOnce, 0) };
  runOnce();
}

/**
 * Stops the worker (for shutdown, and for tests that started one): no new pass, the running
 * one ends after the message it is sending (waited for at most `graceMs`), then every lease
 * still held is released. Returns how many were.
 */
export async function stopOutboxWorker(graceMs = 5_000): Promise<number> {
  const worker = holder.portalOutboxWorker;
  if (worker) {
    worker.stopping = true;
    clearInterval(worker.timer);
    if (worker.running) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([worker.running, grace]);
      clearTimeout(timer);
    }
    // A pass still sending keeps its `stopping` worker, so it stops before its next message.
    if (!worker.running) delete holder.portalOutboxWorker;
  }
  return releaseHeldLeases();
}
