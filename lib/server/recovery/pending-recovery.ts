import "server-only";
import { recordEventIn } from "../activity/activity";
import type { ClientInfo } from "../http/client-info";
import { prisma } from "../platform/db";
import { UserFacingError } from "../platform/errors";
import { deliverSoon, dropUnsentEmails } from "../activity/mail-queue";
import { enqueueRecoveryNotice, SCHEDULED_RECOVERY_MAIL } from "../activity/recovery-emails";
import { lockUser } from "../accounts/users";
import { Prisma, type AccountRecovery, type Session } from "../../generated/prisma/client";

// The state of an account's recovery through its email, and its cancellation. Kept apart from
// lib/server/recovery/email-recovery.ts so that every passkey sign-in can cancel a recovery
// (lib/server/sessions/sign-in-session.ts) without loading the registration ceremony.

/** A link never opened works for a day… */
export const UNOPENED_LINK_MS = 24 * 60 * 60 * 1000;
/** …and a recovery whose wait is over must be finished within a week. */
export const READY_RECOVERY_MS = 7 * 24 * 60 * 60 * 1000;

type Tx = Prisma.TransactionClient;
export type CancelReason = "owner" | "passkey_sign_in";

/** Neither cancelled nor completed: what the partial unique index allows one of per account. */
export const IN_PROGRESS = { cancelledAt: null, completedAt: null } as const;

/** Whether the recovery can no longer be used: an unopened link after a day, a ready one after a week. */
export function isExpired(row: Pick<AccountRecovery, "requestedAt" | "readyAt">, now: Date = new Date()): boolean {
  if (!row.readyAt) return now.getTime() >= row.requestedAt.getTime() + UNOPENED_LINK_MS;
  return now.getTime() >= row.readyAt.getTime() + READY_RECOVERY_MS;
}

/** What the banner on every signed-in page shows: a recovery whose wait has started and that can still finish. */
export interface PendingRecovery {
  startedAt: Date;
  readyAt: Date;
  /** The wait is over: whoever holds the link's browser can create a passkey now. */
  ready: boolean;
}

export async function pendingRecoveryFor(userId: string): Promise<PendingRecovery | null> {
  const row = await prisma.accountRecovery.findFirst({ where: { userId, ...IN_PROGRESS, startedAt: { not: null } } });
  const now = new Date();
  if (!row?.startedAt || !row.readyAt || isExpired(row, now)) return null;
  return { startedAt: row.startedAt, readyAt: row.readyAt, ready: row.readyAt <= now };
}

/**
 * Cancels the account's recovery in progress, if any, with its activity entry and its notice, and
 * drops its scheduled reminders, in the caller's transaction. Every passkey sign-in calls it: the
 * owner signing in is the surest sign that nobody needs to recover the account. Returns whether
 * there was one to cancel (an expired one is closed quietly).
 */
export async function cancelRecoveryIn(tx: Tx, userId: string, client: ClientInfo, reason: CancelReason): Promise<boolean> {
  const row = await tx.accountRecovery.findFirst({ where: { userId, ...IN_PROGRESS } });
  if (!row) return false;
  const now = new Date();
  await tx.accountRecovery.update({ where: { id: row.id }, data: { cancelledAt: now, cancelReason: isExpired(row, now) ? "expired" : reason } });
  if (isExpired(row, now)) return false;
  await noteCancelledIn(tx, { userId, client, reason, at: now, readyAt: row.readyAt ?? now });
  return true;
}

/** A cancelled recovery's reminders dropped, its activity entry and its notice, in the caller's transaction. */
async function noteCancelledIn(tx: Tx, cancelled: { userId: string; client: ClientInfo; reason: CancelReason; at: Date; readyAt: Date }): Promise<void> {
  const { userId, client, reason, at, readyAt } = cancelled;
  await dropUnsentEmails(tx, userId, [...SCHEDULED_RECOVERY_MAIL]);
  await recordEventIn(tx, { userId, type: "email_recovery_cancelled", client, detail: { reason } });
  await enqueueRecoveryNotice(tx, { kind: "email_recovery_cancelled", userId, client, at, readyAt });
}

/**
 * The cancellation as a step of the one-statement sign-in (lib/server/sessions/sign-in-session.ts),
 * for a recovery that began after the sign-in looked (a race of milliseconds): it returns the
 * cancelled recoveries, and the caller then records them with {@link noteRecoveriesCancelledBySignIn}.
 */
export function cancelRecoveryStatement(userId: string, now: Date): Prisma.Sql {
  return Prisma.sql`
    UPDATE account_recoveries SET cancelled_at = ${now}, cancel_reason = 'passkey_sign_in'
    WHERE user_id = ${userId}::uuid AND cancelled_at IS NULL AND completed_at IS NULL
    RETURNING id`;
}

/** The activity entry, notice and dropped reminders of a recovery {@link cancelRecoveryStatement} cancelled. */
export async function noteRecoveriesCancelledBySignIn(userId: string, client: ClientInfo): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const now = new Date();
    await noteCancelledIn(tx, { userId, client, reason: "passkey_sign_in", at: now, readyAt: now });
  });
  deliverSoon();
}

/** Every unused recovery code of the account stops working (a recovery through the email replaced them). */
export async function spendAllRecoveryCodesIn(tx: Tx, userId: string, at: Date): Promise<void> {
  await tx.recoveryCode.updateMany({ where: { userId, usedAt: null }, data: { usedAt: at } });
}

/** "Cancel recovery" on the banner: the signed-in session of the account is all it takes. */
export async function cancelRecovery(session: Pick<Session, "userId">, client: ClientInfo): Promise<void> {
  const cancelled = await prisma.$transaction(async (tx) => {
    await lockUser(tx, session.userId);
    return cancelRecoveryIn(tx, session.userId, client, "owner");
  });
  if (!cancelled) throw new UserFacingError("no_recovery", "noRecovery", 404);
  deliverSoon();
}
