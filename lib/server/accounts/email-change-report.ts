import "server-only";
import { recordEventIn } from "../activity/activity";
import type { ClientInfo } from "../http/client-info";
import { prisma } from "../platform/db";
import { changeIdFromReportToken } from "./email-codes";
import { apiErrorMessage, UserFacingError } from "../platform/errors";
import type { EmailChange, SecurityEvent } from "../../generated/prisma/client";
import { deliverSoon } from "../activity/mail-queue";
import { lockUser } from "./users";
import { revokeAllSessions } from "../sessions/sessions";
import { enforceRateLimits, LIMITS } from "../security/rate-limit";

/** The English sentence, for the page and tests; the refusal answers in the request's language. */
export const REPORT_REFUSED = apiErrorMessage("en", "reportRefused");

function refused(): UserFacingError {
  return new UserFacingError("report_invalid", "reportRefused", 400);
}

async function openChange(token: string, now: Date): Promise<EmailChange | null> {
  const id = changeIdFromReportToken(token);
  const change = id ? await prisma.emailChange.findUnique({ where: { id } }) : null;
  return change && !change.reportedAt && change.noticeUntil > now ? change : null;
}

/** The change a "This wasn't me" link would undo, for the page that asks first (a GET changes nothing). */
export async function findReportableChange(token: string): Promise<Pick<EmailChange, "previousAddress" | "changedAt"> | null> {
  const change = await openChange(token, new Date());
  return change ? { previousAddress: change.previousAddress, changedAt: change.changedAt } : null;
}

/**
 * "This wasn't me" from the address an email change replaced: gives the account that address back
 * (confirmed), ends later changes' windows and any pending change, signs out every session,
 * records the event and mails both addresses, in one transaction. It signs nobody in: the owner
 * comes back with a passkey or a recovery code.
 */
export async function reportEmailChange(token: string, client: ClientInfo): Promise<void> {
  await enforceRateLimits([[LIMITS.emailCodePerIp, client.ipAddress]]);
  const now = new Date();
  const change = await openChange(token, now);
  if (!change) throw refused();
  await prisma.$transaction(async (tx) => {
    await lockUser(tx, change.userId);
    const user = await tx.user.findUnique({ where: { id: change.userId } });
    const { count } = await tx.emailChange.updateMany({
      where: { id: change.id, reportedAt: null, noticeUntil: { gt: now } },
      data: { reportedAt: now },
    });
    if (!user || count !== 1) throw refused();
    // Changes made after the reported one are undone with it: their addresses lose their say.
    await tx.emailChange.updateMany({
      where: { userId: user.id, changedAt: { gt: change.changedAt }, reportedAt: null },
      data: { noticeUntil: now },
    });
    await tx.emailConfirmation.deleteMany({ where: { userId: user.id, usedAt: null } });
    await tx.user.update({ where: { id: user.id }, data: { email: change.previousAddress, emailConfirmedAt: now } });
    await revokeAllSessions(tx, user.id, now);
    await recordEventIn(tx, {
      userId: user.id,
      type: "email_change_reported",
      client,
      detail: { previousEmail: change.previousAddress, email: change.newAddress },
      notify: "email_change_reported",
      recipients: [{ address: change.previousAddress }, ...(user.email === change.previousAddress ? [] : [{ address: user.email }])],
    });
  });
  deliverSoon();
}

export interface ReportedChange {
  previousAddress: string;
  newAddress: string;
  changedAt: Date;
  reportedAt: Date;
  /** What happened to the account since the reported change (the report included), newest first. */
  eventsSince: SecurityEvent[];
}

/** The report /account shows until its owner dismisses it. */
export async function findReportedChange(userId: string): Promise<ReportedChange | null> {
  const change = await prisma.emailChange.findFirst({
    where: { userId, reportedAt: { not: null }, dismissedAt: null },
    orderBy: { reportedAt: "desc" },
  });
  if (!change?.reportedAt) return null;
  const eventsSince = await prisma.securityEvent.findMany({
    where: { userId, createdAt: { gte: change.changedAt } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 20,
  });
  return { ...change, reportedAt: change.reportedAt, eventsSince };
}

export async function dismissReportedChanges(userId: string): Promise<void> {
  await prisma.emailChange.updateMany({ where: { userId, reportedAt: { not: null }, dismissedAt: null }, data: { dismissedAt: new Date() } });
}
