import "server-only";
import type { ClientInfo } from "../http/client-info";
import { quote, renderEmail } from "./email-text";
import { requestFacts } from "./email-messages";
import { env } from "../platform/env";
import { formatUtcDateTime, translatorFor } from "../platform/i18n";
import type { EmailToSend } from "./mail-queue";
import type { Locale } from "../../shared/locale";

export type NotificationKind =
  | "passkey_added"
  | "passkey_removed"
  | "passkey_became_synced"
  | "recovery_code_used"
  | "recovery_codes_generated"
  | "new_device_sign_in"
  | "email_changed"
  | "email_change_reported"
  | "account_deleted";

/** Where one copy of a notice goes (see lib/server/activity/notice-recipients.ts). */
export interface NoticeRecipient {
  address: string;
  /** Set for an address an email change replaced: its "This wasn't me" link… */
  reportUrl?: string;
  /** …and the day it stops receiving copies. */
  copiesUntil?: Date;
}

export interface NotificationInput {
  kind: NotificationKind;
  /** The account, or null for a notice that outlives it (account_deleted). */
  userId: string | null;
  to: NoticeRecipient;
  client: ClientInfo;
  at: Date;
  passkeyName?: string;
  /** For email_changed and email_change_reported: the address before and after. */
  previousEmail?: string;
  newEmail?: string;
  /** The account's language (lib/server/accounts/users.ts, accountLocale). */
  locale: Locale;
}

interface Content {
  subject: string;
  lead: string;
  ifNotYou?: string;
}

type NoticeText = ReturnType<typeof translatorFor<"emails.notice">>;

function emailChanged(input: NotificationInput, t: NoticeText, secure: string): Content {
  const from = quote(input.previousEmail ?? t("previousAddress"));
  const lead =
    input.to.address === input.newEmail
      ? t("emailChangedLeadHere", { from })
      : t("emailChangedLead", { from, to: quote(input.newEmail ?? t("newAddress")) });
  return { subject: t("emailChangedSubject"), lead, ifNotYou: t("emailChangedIfNotYou", { secure }) };
}

function emailChangeReported(input: NotificationInput, t: NoticeText, origin: string): Content {
  const subject = t("changeReportedSubject");
  if (input.to.address === input.previousEmail) {
    return { subject, lead: t("changeReportedLeadOwner", { to: quote(input.newEmail ?? t("anotherAddress")), origin }) };
  }
  return { subject, lead: t("changeReportedLeadOther") };
}

function content(input: NotificationInput, t: NoticeText): Content {
  const origin = env().origin;
  const passkey = input.passkeyName ? quote(input.passkeyName) : t("aPasskey");
  const secure = t("secureSteps", { origin });
  const ifNotYou = t("ifNotYou", { secure });
  switch (input.kind) {
    case "passkey_added":
      return { subject: t("passkeyAddedSubject"), lead: t("passkeyAddedLead", { passkey }), ifNotYou };
    case "passkey_removed":
      return { subject: t("passkeyRemovedSubject"), lead: t("passkeyRemovedLead", { passkey }), ifNotYou };
    case "passkey_became_synced":
      return { subject: t("becameSyncedSubject"), lead: t("becameSyncedLead", { passkey }), ifNotYou: t("becameSyncedIfNotYou", { origin }) };
    case "recovery_code_used":
      return { subject: t("recoveryCodeUsedSubject"), lead: t("recoveryCodeUsedLead"), ifNotYou: t("recoveryCodeUsedIfNotYou", { secure, origin }) };
    case "recovery_codes_generated":
      return { subject: t("codesGeneratedSubject"), lead: t("codesGeneratedLead"), ifNotYou };
    case "new_device_sign_in":
      return {
        subject: t("newDeviceSubject"),
        lead: input.passkeyName ? t("newDeviceLeadWithPasskey", { passkey }) : t("newDeviceLead"),
        ifNotYou,
      };
    case "email_changed":
      return emailChanged(input, t, secure);
    case "email_change_reported":
      return emailChangeReported(input, t, origin);
    case "account_deleted":
      return { subject: t("deletedSubject"), lead: t("deletedLead"), ifNotYou: t("deletedIfNotYou") };
  }
}

/** The copy for an address an email change replaced: why it still gets mail, and the way to undo the change. */
function previousAddressNote(to: NoticeRecipient, t: NoticeText, locale: Locale): string[] {
  if (!to.copiesUntil) return [];
  return [t("previousAddressNote", { until: formatUtcDateTime(to.copiesUntil, locale) })];
}

/**
 * A security email, in the account's language: what happened, when, from which device and IP,
 * and what to do if it wasn't them. No name the account chose appears in it except quoted, and
 * nothing user-supplied in the subject.
 */
export function composeNotification(input: NotificationInput): EmailToSend {
  const t = translatorFor(input.locale, "emails.notice");
  const { subject, lead, ifNotYou } = content(input, t);
  const { text, html } = renderEmail(
    [
      lead,
      requestFacts(input.client, input.at, input.locale),
      ...(ifNotYou ? [t("ifYou", { ifNotYou })] : []),
      ...previousAddressNote(input.to, t, input.locale),
      ...(input.to.reportUrl ? [{ link: { label: t("reportLabel"), url: input.to.reportUrl } }] : []),
    ],
    input.locale,
  );
  return { userId: input.userId, kind: input.kind, to: input.to.address, subject, text, html, priority: "security" };
}
