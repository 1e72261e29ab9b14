import "server-only";
import type { ClientInfo } from "../http/client-info";
import { renderEmail, type EmailBlock } from "./email-text";
import { durationPhrase, requestFacts, site } from "./email-messages";
import { formatUtcDateTime, translatorFor } from "../platform/i18n";
import { accountLocale } from "../accounts/account-locale";
import type { Locale } from "../../shared/locale";
import { env } from "../platform/env";
import { enqueueEmail, type EmailToSend } from "./mail-queue";
import { noticeRecipients } from "./notice-recipients";
import type { Prisma } from "../../generated/prisma/client";

// The mail of a recovery through the account's email (lib/server/recovery/email-recovery.ts).
// Only the link mail carries the token; every other one is a notice that tells the owner how to
// stop it. None carries a name the account chose.

/** The reminders queued ahead when the wait starts: dropped when the recovery is cancelled. */
export const SCHEDULED_RECOVERY_MAIL = ["email_recovery_halfway", "email_recovery_ready"] as const;

export type RecoveryNoticeKind = "email_recovery_started" | (typeof SCHEDULED_RECOVERY_MAIL)[number] | "email_recovery_cancelled" | "email_recovery_completed";

export function recoveryLink(token: string): string {
  return `${env().origin}/recover?token=${encodeURIComponent(token)}`;
}

/**
 * The link that starts the wait. Sent only to an account's confirmed address, in the account's
 * language: whoever asked for it (anyone who knows the address) does not choose it.
 */
export function composeRecoveryLinkEmail(mail: { userId: string; to: string; token: string; client: ClientInfo; at: Date; delayMs: number; locale: Locale }): EmailToSend {
  const t = translatorFor(mail.locale, "emails.recovery");
  const { text, html } = renderEmail(
    [
      t("linkLead", { site: site() }),
      { link: { label: t("linkLabel"), url: recoveryLink(mail.token) } },
      t("linkHow", { delay: durationPhrase(mail.delayMs, mail.locale) }),
      requestFacts(mail.client, mail.at, mail.locale),
      t("linkIgnore"),
    ],
    mail.locale,
  );
  return { userId: mail.userId, kind: "email_recovery_link", to: mail.to, subject: t("linkSubject"), text, html, priority: "requested" };
}

const NOTICE_KEYS = {
  email_recovery_started: "started",
  email_recovery_halfway: "halfway",
  email_recovery_ready: "ready",
  email_recovery_cancelled: "cancelled",
  email_recovery_completed: "completed",
} as const satisfies Record<RecoveryNoticeKind, string>;

/** A notice about the recovery, in the account's language; `sendAt` schedules it (the halfway and end reminders). */
export function composeRecoveryNotice(mail: {
  kind: RecoveryNoticeKind;
  userId: string;
  to: string;
  client: ClientInfo;
  at: Date;
  readyAt: Date;
  sendAt?: Date;
  locale: Locale;
}): EmailToSend {
  const t = translatorFor(mail.locale, "emails.recovery");
  const key = NOTICE_KEYS[mail.kind];
  const blocks: EmailBlock[] = [t(`${key}Lead`, { ready: formatUtcDateTime(mail.readyAt, mail.locale) }), requestFacts(mail.client, mail.at, mail.locale)];
  if (mail.kind === "email_recovery_completed") blocks.push(t("completedIfNotYou", { origin: env().origin }));
  else if (mail.kind !== "email_recovery_cancelled") blocks.push(t("stopIt", { origin: env().origin }));
  const subject = t(`${key}Subject`);
  const { text, html } = renderEmail(blocks, mail.locale);
  return { userId: mail.userId, kind: mail.kind, to: mail.to, subject, text, html, priority: "security", sendAt: mail.sendAt };
}

type NoticeInput = Omit<Parameters<typeof composeRecoveryNotice>[0], "to" | "locale">;

/**
 * Queues the notice, in the caller's transaction, wherever the account's security notices go: its
 * confirmed address and, for 30 days after an email change, the address that change replaced
 * (someone who took over the account and its address cannot recover it quietly either).
 */
export async function enqueueRecoveryNotice(tx: Prisma.TransactionClient, input: NoticeInput): Promise<void> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId } });
  for (const recipient of await noticeRecipients(tx, user, input.at)) {
    await enqueueEmail(tx, composeRecoveryNotice({ ...input, to: recipient.address, locale: accountLocale(user) }));
  }
}
