import "server-only";
import { reportToken } from "../accounts/email-codes";
import { env } from "../platform/env";
import type { Prisma, User } from "../../generated/prisma/client";
import type { NoticeRecipient } from "./notifications";

type Tx = Prisma.TransactionClient;

/** How long the address an email change replaced keeps receiving notices and may undo the change. */
export const PREVIOUS_ADDRESS_DAYS = 30;

export function reportUrl(changeId: string): string {
  return `${env().origin}/report-email-change?token=${encodeURIComponent(reportToken(changeId))}`;
}

/**
 * Where the account's security notices go: its address once confirmed (an unconfirmed address
 * may be a stranger's, so it gets none) and, for 30 days after an email change, the address it
 * replaced, whose copy carries "This wasn't me".
 */
export async function noticeRecipients(
  tx: Tx,
  user: Pick<User, "id" | "email" | "emailConfirmedAt">,
  now: Date = new Date(),
): Promise<NoticeRecipient[]> {
  const recipients: NoticeRecipient[] = user.emailConfirmedAt ? [{ address: user.email }] : [];
  const changes = await tx.emailChange.findMany({
    where: { userId: user.id, reportedAt: null, noticeUntil: { gt: now } },
    orderBy: { changedAt: "desc" },
  });
  for (const change of changes) {
    if (recipients.some((recipient) => recipient.address === change.previousAddress)) continue;
    recipients.push({ address: change.previousAddress, reportUrl: reportUrl(change.id), copiesUntil: change.noticeUntil });
  }
  return recipients;
}
