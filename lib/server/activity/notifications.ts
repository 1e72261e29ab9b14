import "server-only";
import { isIP } from "node:net";
import type { ClientInfo } from "../http/client-info";
import { quote, renderEmail } from "./email-text";
import { env } from "../platform/env";
import type { EmailToSend } from "./mail-queue";
import { describeUserAgent } from "./user-agent";

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
}

interface Content {
  subject: string;
  lead: string;
  ifNotYou?: string;
}

function secureSteps(origin: string): string {
  return `sign in at ${origin}/signin, check Signed-in devices (${origin}/account/sessions) and remove any passkey you don't recognise (${origin}/account/passkeys).`;
}

function emailChanged(input: NotificationInput, secure: string): Content {
  const from = quote(input.previousEmail ?? "your previous address");
  const lead =
    input.to.address === input.newEmail
      ? `Your account's email address was changed from ${from} to this address. Security emails come here from now on.`
      : `Your account's email address was changed from ${from} to ${quote(input.newEmail ?? "a new address")}.`;
  return { subject: "Your account's email address was changed", lead, ifNotYou: `If this wasn't you, someone may have access to your account: ${secure}` };
}

function emailChangeReported(input: NotificationInput, origin: string): Content {
  const subject = "An email change on your account was reported";
  if (input.to.address === input.previousEmail) {
    return {
      subject,
      lead: `You reported that you didn't change your account's email address to ${quote(input.newEmail ?? "another address")}. We changed it back to this address and signed out every device. Sign in at ${origin}/signin with one of your passkeys or a recovery code, then review your passkeys and create new recovery codes.`,
    };
  }
  return {
    subject,
    lead: "The owner of an account reported that they didn't change its email address to this address. This address was removed from the account, and every device signed in to it was signed out.",
  };
}

function content(input: NotificationInput): Content {
  const origin = env().origin;
  const passkey = input.passkeyName ? quote(input.passkeyName) : "a passkey";
  const secure = secureSteps(origin);
  switch (input.kind) {
    case "passkey_added":
      return { subject: "A passkey was added to your account", lead: `The passkey ${passkey} was added to your account.`, ifNotYou: `If this wasn't you, ${secure}` };
    case "passkey_removed":
      return { subject: "A passkey was removed from your account", lead: `The passkey ${passkey} was removed from your account. It can no longer sign in.`, ifNotYou: `If this wasn't you, ${secure}` };
    case "passkey_became_synced":
      return {
        subject: "One of your passkeys is now synced",
        lead: `When it was last used, the passkey ${passkey} reported for the first time that its provider copies it to other devices (it is synced). Anyone who can sign in to that provider's account can now use it. If your account only allows passkeys that stay on one device, it can no longer sign you in: use another device-bound passkey or a recovery code.`,
        ifNotYou: `If you didn't expect this passkey to sync, remove it (${origin}/account/passkeys) and add one that stays on one device, such as a security key. Then check Signed-in devices (${origin}/account/sessions).`,
      };
    case "recovery_code_used":
      return { subject: "A recovery code was used to sign in", lead: "Someone signed in to your account with one of your recovery codes. That code can't be used again.", ifNotYou: `If this wasn't you, your recovery codes may be exposed: ${secure} Then create new recovery codes at ${origin}/account/recovery.` };
    case "recovery_codes_generated":
      return { subject: "New recovery codes were created", lead: "New recovery codes were created for your account. Your earlier codes no longer work.", ifNotYou: `If this wasn't you, ${secure}` };
    case "new_device_sign_in":
      return { subject: "New sign-in from a device we haven't seen before", lead: `Your account was signed in to from a new device${input.passkeyName ? ` with the passkey ${passkey}` : ""}.`, ifNotYou: `If this wasn't you, ${secure}` };
    case "email_changed":
      return emailChanged(input, secure);
    case "email_change_reported":
      return emailChangeReported(input, origin);
    case "account_deleted":
      return { subject: "Your account has been deleted", lead: "Your account, its passkeys, recovery codes, signed-in devices and activity have been deleted. Your passkeys for this site no longer sign anyone in, and you can remove them from your devices.", ifNotYou: "If this wasn't you, someone had access to your account and one of your passkeys. Contact us by replying to this email." };
  }
}

/** The copy for an address an email change replaced: why it still gets mail, and the way to undo the change. */
function previousAddressNote(to: NoticeRecipient): string[] {
  if (!to.copiesUntil) return [];
  return [
    `You're getting a copy because this address was your account's email until recently (copies stop on ${to.copiesUntil.toUTCString()}). If you didn't change the address, press "This wasn't me": we'll change it back to this address and sign out every device.`,
  ];
}

/**
 * A security email: what happened, when, from which device and IP, and what to do if it wasn't
 * them. No name the account chose appears in it except quoted, and nothing user-supplied in the subject.
 */
export function composeNotification(input: NotificationInput): EmailToSend {
  const { subject, lead, ifNotYou } = content(input);
  const ip = input.client.ipAddress && isIP(input.client.ipAddress) ? input.client.ipAddress : "Unknown";
  const { text, html } = renderEmail([
    lead,
    {
      facts: [
        ["When", input.at.toUTCString()],
        ["Device", describeUserAgent(input.client.userAgent) ?? "Unknown device"],
        ["IP address", ip],
      ],
    },
    ...(ifNotYou ? [`If this was you, there's nothing else to do. ${ifNotYou}`] : []),
    ...previousAddressNote(input.to),
    ...(input.to.reportUrl ? [{ link: { label: "This wasn't me", url: input.to.reportUrl } }] : []),
  ]);
  return { userId: input.userId, kind: input.kind, to: input.to.address, subject, text, html, priority: "security" };
}
