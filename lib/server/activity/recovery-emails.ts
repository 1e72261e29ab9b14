import "server-only";
import type { ClientInfo } from "../http/client-info";
import { renderEmail, type EmailBlock } from "./email-text";
import { requestFacts, site } from "./email-messages";
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

function stopIt(): string {
  const { origin } = env();
  return `If this wasn't you, sign in at ${origin}/signin with one of your passkeys or a recovery code: signing in with a passkey cancels the recovery at once, and every page of your account shows a "Cancel recovery" button until it is over.`;
}

/** The link that starts the wait. Sent only to an account's confirmed address. */
export function composeRecoveryLinkEmail(mail: { userId: string; to: string; token: string; client: ClientInfo; at: Date; delay: string }): EmailToSend {
  const { text, html } = renderEmail([
    `Someone, hopefully you, asked to recover the account at ${site()} that uses this email address, because they can't use any of its passkeys.`,
    { link: { label: "Start recovery", url: recoveryLink(mail.token) } },
    `Open the link in the browser you will use to create your new passkey; it only works in that browser. Opening it starts a waiting period of ${mail.delay}. We email this address when it starts, halfway through and at the end, and the recovery can be cancelled at any time until then. The link expires in 24 hours if it isn't opened.`,
    requestFacts(mail.client, mail.at),
    "If you didn't ask for this, ignore this email: nothing happens unless the link is opened.",
  ]);
  return { userId: mail.userId, kind: "email_recovery_link", to: mail.to, subject: "Recover your account", text, html, priority: "requested" };
}

function notice(kind: RecoveryNoticeKind, readyAt: Date): { subject: string; lead: string } {
  const ready = readyAt.toUTCString();
  switch (kind) {
    case "email_recovery_started":
      return { subject: "Someone started to recover your account", lead: `Someone opened the recovery link sent to this address. When the waiting period ends (${ready}), they can create a new passkey, and every device signed in to your account will be signed out.` };
    case "email_recovery_halfway":
      return { subject: "Reminder: your account is being recovered", lead: `A recovery of your account through this email address is half way through its waiting period. It will be ready on ${ready}.` };
    case "email_recovery_ready":
      return { subject: "Your account's recovery is ready", lead: "The waiting period of the recovery of your account is over: whoever opened the recovery link in their browser can now create a new passkey." };
    case "email_recovery_cancelled":
      return { subject: "The recovery of your account was cancelled", lead: "The recovery of your account through this email address was cancelled. Its link no longer works." };
    case "email_recovery_completed":
      return { subject: "Your account was recovered", lead: "Your account was recovered through this email address: a new passkey was added, every other device was signed out and your recovery codes stopped working. Your earlier passkeys are still listed, marked \"Before recovery\"." };
  }
}

/** A notice about the recovery; `sendAt` schedules it (the halfway and end reminders). */
export function composeRecoveryNotice(mail: { kind: RecoveryNoticeKind; userId: string; to: string; client: ClientInfo; at: Date; readyAt: Date; sendAt?: Date }): EmailToSend {
  const { subject, lead } = notice(mail.kind, mail.readyAt);
  const done = mail.kind === "email_recovery_cancelled";
  const blocks: EmailBlock[] = [lead, requestFacts(mail.client, mail.at)];
  if (!done) blocks.push(mail.kind === "email_recovery_completed" ? `If this wasn't you, sign in with one of your earlier passkeys at ${env().origin}/signin and remove the new one.` : stopIt());
  const { text, html } = renderEmail(blocks);
  return { userId: mail.userId, kind: mail.kind, to: mail.to, subject, text, html, priority: "security", sendAt: mail.sendAt };
}

type NoticeInput = Omit<Parameters<typeof composeRecoveryNotice>[0], "to">;

/**
 * Queues the notice, in the caller's transaction, wherever the account's security notices go: its
 * confirmed address and, for 30 days after an email change, the address that change replaced
 * (someone who took over the account and its address cannot recover it quietly either).
 */
export async function enqueueRecoveryNotice(tx: Prisma.TransactionClient, input: NoticeInput): Promise<void> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId } });
  for (const recipient of await noticeRecipients(tx, user, input.at)) {
    await enqueueEmail(tx, composeRecoveryNotice({ ...input, to: recipient.address }));
  }
}
