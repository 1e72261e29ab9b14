import "server-only";
import type { ClientInfo } from "../http/client-info";
import { prisma } from "../platform/db";
import { Prisma, type SecurityEvent } from "../../generated/prisma/client";
import { noticeRecipients } from "./notice-recipients";
import { accountLocale } from "../accounts/account-locale";
import { composeNotification, type NoticeRecipient, type NotificationKind } from "./notifications";
import { deliverSoon, enqueueEmail } from "./mail-queue";
import { describeUserAgent } from "./user-agent";
import { translatorFor } from "../platform/i18n";
import { DEFAULT_LOCALE, type Locale } from "../../shared/locale";

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

/** One line a person understands, e.g. `Signed in with passkey “YubiKey 5”`, in the reader's language. */
export function describeEvent(event: Pick<SecurityEvent, "type" | "detail">, locale: Locale = DEFAULT_LOCALE): string {
  const t = translatorFor(locale, "activity");
  const detail = (event.detail ?? {}) as EventDetail;
  const quoted = (name: string | undefined): string => (name ? t("quoted", { name }) : t("aPasskey"));
  const address = (email: string | undefined): string => (email ? t("quoted", { name: email }) : t("anAddress"));
  // `passkey “YubiKey 5”`, or `a passkey` when its name was not recorded.
  const passkey = detail.passkeyName ? t("passkeyNamed", { name: detail.passkeyName }) : t("aPasskey");
  const count = detail.count ?? 0;
  switch (event.type as SecurityEventType) {
    case "account_created":
      return t("accountCreated", { passkey });
    case "signed_in":
      if (detail.method === "email_recovery") return t("signedInEmailRecovery", { passkey });
      return detail.method === "recovery" ? t("signedInRecoveryCode") : t("signedIn", { passkey });
    case "sign_in_failed":
      return detail.method === "recovery" ? t("signInFailedRecoveryCode") : t("signInFailed", { passkey });
    case "passkey_added":
      return t("passkeyAdded", { name: quoted(detail.passkeyName) });
    case "passkey_renamed":
      return t("passkeyRenamed", { from: quoted(detail.previousName), to: quoted(detail.passkeyName) });
    case "passkey_removed":
      return t("passkeyRemoved", { name: quoted(detail.passkeyName) });
    case "passkey_became_synced":
      return detail.passkeyName ? t("becameSyncedNamed", { name: detail.passkeyName }) : t("becameSynced");
    case "policy_changed":
      if (!detail.deviceBoundOnly) return t("syncedAllowed");
      return detail.count ? t("deviceBoundOnlySignedOut", { count }) : t("deviceBoundOnly");
    case "profile_changed":
      return t("profileChanged", { fields: (detail.fields ?? []).join(t("fieldsJoiner")) || t("profileDetails") });
    case "recovery_codes_generated":
      return t("codesGenerated");
    case "recovery_code_used":
      return t("codeUsed");
    case "email_confirmed":
      return t("emailConfirmed", { email: address(detail.email) });
    case "email_change_requested":
      return t("emailChangeRequested", { email: address(detail.email) });
    case "email_changed":
      return t("emailChanged", { from: address(detail.previousEmail), to: address(detail.email) });
    case "email_change_reported":
      return t("emailChangeReported", { email: address(detail.previousEmail) });
    case "email_recovery_requested":
      return t("recoveryRequested");
    case "email_recovery_started":
      return t("recoveryStarted");
    case "email_recovery_cancelled":
      return detail.reason === "passkey_sign_in" ? t("recoveryCancelledBySignIn") : t("recoveryCancelled");
    case "email_recovery_completed":
      return t("recoveryCompleted");
    case "session_signed_out":
      if (detail.scope === "everywhere-else") return t("signedOutEverywhereElse", { count });
      return detail.scope === "other" ? t("signedOutOther", { device: detail.device ?? t("anotherDevice") }) : t("signedOut");
    default:
      return t("other");
  }
}

export function eventDevice(event: Pick<SecurityEvent, "userAgent">, locale: Locale = DEFAULT_LOCALE): string {
  return describeUserAgent(event.userAgent, locale) ?? translatorFor(locale, "activity")("unknownDevice");
}
