import "server-only";
import type { ClientInfo } from "../http/client-info";
import { prisma } from "../platform/db";
import { Prisma, type SecurityEvent } from "../../generated/prisma/client";
import { noticeRecipients } from "./notice-recipients";
import { accountLocale } from "../accounts/users";
import { composeNotification, type NoticeRecipient, type NotificationKind } from "./notifications";
import { deliverSoon, enqueueEmail } from "./mail-queue";
import { describeUserAgent } from "./user-agent";

export type SecurityEventType =
  | "account_created"
  | "signed_in"
  | "sign_in_failed"
  | "passkey_added"
  | "passkey_renamed"
  | "passkey_removed"
  | "passkey_became_synced"
  | "policy_changed"
  | "profile_changed"
  | "recovery_codes_generated"
  | "recovery_code_used"
  | "session_signed_out"
  | "email_confirmed"
  | "email_change_requested"
  | "email_changed"
  | "email_change_reported"
  | "email_recovery_requested"
  | "email_recovery_started"
  | "email_recovery_cancelled"
  | "email_recovery_completed";

export interface EventDetail {
  passkeyName?: string;
  previousName?: string;
  method?: "passkey" | "recovery" | "email_recovery" | "signup";
  /** For a cancelled recovery through the email: the owner's button, or a sign-in with a passkey. */
  reason?: "owner" | "passkey_sign_in";
  /** For a started recovery through the email: when it will be ready (ISO 8601). */
  readyAt?: string;
  deviceBoundOnly?: boolean;
  fields?: string[];
  /** For a signed-out session: the device it was on, and whose action ended it. */
  device?: string;
  scope?: "this" | "other" | "everywhere-else";
  count?: number;
  /** Email events: the address concerned (the new one, for a change) and the one it replaced. */
  email?: string;
  previousEmail?: string;
}

type Tx = Prisma.TransactionClient;

export interface RecordInput {
  userId: string;
  type: SecurityEventType;
  client: ClientInfo;
  detail?: EventDetail;
  /** Also email the account's owner about it (see lib/server/activity/notice-recipients.ts for where). */
  notify?: NotificationKind;
  /** Send the email to exactly these addresses instead of the usual recipients. */
  recipients?: NoticeRecipient[];
}

/** Writes the event (and its email, if any) in `tx`, so they commit with the change itself. */
export async function recordEventIn(tx: Tx, input: RecordInput): Promise<void> {
  const event = await tx.securityEvent.create({
    data: {
      userId: input.userId,
      type: input.type,
      detail: (input.detail ?? {}) as Prisma.InputJsonValue,
      userAgent: input.client.userAgent,
      ipAddress: input.client.ipAddress,
    },
  });
  if (!input.notify) return;
  const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId } });
  const recipients = input.recipients ?? (await noticeRecipients(tx, user, event.createdAt));
  for (const to of recipients) {
    await enqueueEmail(
      tx,
      composeNotification({
        kind: input.notify,
        userId: user.id,
        to,
        client: input.client,
        at: event.createdAt,
        passkeyName: input.detail?.passkeyName,
        previousEmail: input.detail?.previousEmail,
        newEmail: input.detail?.email,
        locale: accountLocale(user),
      }),
    );
  }
}

/**
 * The INSERT of one event without email, as a step of a larger statement: the one-statement
 * sign-in (lib/server/sessions/sign-in-session.ts) writes its entry this way.
 */
export function eventInsertStatement(input: Omit<RecordInput, "notify" | "recipients">, at: Date): Prisma.Sql {
  const { userAgent, ipAddress } = input.client;
  return Prisma.sql`
    INSERT INTO security_events (id, user_id, type, detail, user_agent, ip_address, created_at)
    VALUES (gen_random_uuid(), ${input.userId}::uuid, ${input.type}, ${JSON.stringify(input.detail ?? {})}::jsonb, ${userAgent}, ${ipAddress}, ${at})`;
}

/** Records a security event after the change it reports; its email is delivered in the background. */
export async function recordEvent(input: RecordInput): Promise<void> {
  await prisma.$transaction((tx) => recordEventIn(tx, input));
  if (input.notify) deliverSoon();
}

export const ACTIVITY_PAGE_SIZE = 20;

export async function listEvents(userId: string, page: number, pageSize = ACTIVITY_PAGE_SIZE): Promise<{ events: SecurityEvent[]; hasMore: boolean }> {
  const rows = await prisma.securityEvent.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * pageSize,
    take: pageSize + 1,
  });
  return { events: rows.slice(0, pageSize), hasMore: rows.length > pageSize };
}

function quoted(name: string | undefined): string {
  return name ? `“${name}”` : "a passkey";
}

/** `passkey “YubiKey 5”`, or `a passkey` when its name was not recorded. */
function passkeyPhrase(name: string | undefined): string {
  return name ? `passkey “${name}”` : "a passkey";
}

function quotedAddress(email: string | undefined): string {
  return email ? `“${email}”` : "an address";
}

/** One line a person understands, e.g. `Signed in with passkey “YubiKey 5”`. */
export function describeEvent(event: Pick<SecurityEvent, "type" | "detail">): string {
  const detail = (event.detail ?? {}) as EventDetail;
  switch (event.type as SecurityEventType) {
    case "account_created":
      return `Account created with ${passkeyPhrase(detail.passkeyName)}`;
    case "signed_in":
      if (detail.method === "email_recovery") return `Signed in through recovery by email with new ${passkeyPhrase(detail.passkeyName)}`;
      return detail.method === "recovery" ? "Signed in with a recovery code" : `Signed in with ${passkeyPhrase(detail.passkeyName)}`;
    case "sign_in_failed":
      return detail.method === "recovery"
        ? "Failed sign-in attempt with a recovery code"
        : `Failed sign-in attempt with ${passkeyPhrase(detail.passkeyName)}`;
    case "passkey_added":
      return `Passkey added: ${quoted(detail.passkeyName)}`;
    case "passkey_renamed":
      return `Passkey renamed from ${quoted(detail.previousName)} to ${quoted(detail.passkeyName)}`;
    case "passkey_removed":
      return `Passkey removed: ${quoted(detail.passkeyName)}`;
    case "passkey_became_synced":
      return `${detail.passkeyName ? `Passkey “${detail.passkeyName}”` : "A passkey"} is now synced: its provider reported copying it to other devices`;
    case "policy_changed":
      if (!detail.deviceBoundOnly) return "Synced passkeys are now allowed";
      return detail.count
        ? `Only device-bound passkeys are now allowed; signed out ${detail.count} ${detail.count === 1 ? "device" : "devices"} that used a synced passkey`
        : "Only device-bound passkeys are now allowed";
    case "profile_changed":
      return `Profile changed: ${(detail.fields ?? []).join(" and ") || "details"}`;
    case "recovery_codes_generated":
      return "Recovery codes generated";
    case "recovery_code_used":
      return "Recovery code used";
    case "email_confirmed":
      return `Email address confirmed: ${quotedAddress(detail.email)}`;
    case "email_change_requested":
      return `Email change requested: ${quotedAddress(detail.email)}`;
    case "email_changed":
      return `Email changed from ${quotedAddress(detail.previousEmail)} to ${quotedAddress(detail.email)}`;
    case "email_change_reported":
      return `Email change reported as not yours: back to ${quotedAddress(detail.previousEmail)}, every device signed out`;
    case "email_recovery_requested":
      return "Recovery by email requested: a link was sent to your email address";
    case "email_recovery_started":
      return "Recovery by email started: the waiting period began";
    case "email_recovery_cancelled":
      return detail.reason === "passkey_sign_in" ? "Recovery by email cancelled by a sign-in with a passkey" : "Recovery by email cancelled";
    case "email_recovery_completed":
      return "Recovery by email completed: a new passkey was added and every other device signed out";
    case "session_signed_out":
      if (detail.scope === "everywhere-else") return `Signed out everywhere else (${detail.count ?? 0} ${detail.count === 1 ? "device" : "devices"})`;
      return detail.scope === "other" ? `Signed out ${detail.device ?? "another device"}` : "Signed out";
    default:
      return "Account activity";
  }
}

export function eventDevice(event: Pick<SecurityEvent, "userAgent">): string {
  return describeUserAgent(event.userAgent) ?? "Unknown device";
}
