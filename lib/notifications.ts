import "server-only";
import type { ClientInfo } from "./client-info";
import { env } from "./env";
import type { EmailToSend } from "./outbox";
import { describeUserAgent } from "./user-agent";

export type NotificationKind =
  | "passkey_added"
  | "passkey_removed"
  | "passkey_became_synced"
  | "recovery_code_used"
  | "recovery_codes_generated"
  | "new_device_sign_in"
  | "email_changed"
  | "account_deleted";

interface Recipient {
  id: string;
  email: string;
  displayName: string;
}

interface NotificationInput {
  kind: NotificationKind;
  user: Recipient;
  client: ClientInfo;
  at: Date;
  passkeyName?: string;
  /** The account's address now (for email_changed, which goes to the old one). */
  newEmail?: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function content(input: NotificationInput): { subject: string; lead: string; ifNotYou: string } {
  const origin = env().origin;
  const passkey = input.passkeyName ? `“${input.passkeyName}”` : "a passkey";
  const secure = `sign in at ${origin}/signin, check Signed-in devices (${origin}/account/sessions) and remove any passkey you don't recognise (${origin}/account/passkeys).`;
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
      return {
        subject: "Your account's email address was changed",
        lead: `The email address of your account was changed from this address to ${input.newEmail ?? "a new address"}. Security emails go to the new address from now on.`,
        ifNotYou: `If this wasn't you, someone may have access to your account: ${secure} Then change the email back under Edit profile.`,
      };
    case "account_deleted":
      return { subject: "Your account has been deleted", lead: "Your account, its passkeys, recovery codes, signed-in devices and activity have been deleted. Your passkeys for this site no longer sign anyone in, and you can remove them from your devices.", ifNotYou: "If this wasn't you, someone had access to your account and one of your passkeys. Contact us by replying to this email." };
  }
}

/** A security email: what happened, when, from which device and IP, and what to do if it wasn't them. */
export function composeNotification(input: NotificationInput): EmailToSend {
  const { subject, lead, ifNotYou } = content(input);
  const facts: [string, string][] = [
    ["When", `${input.at.toUTCString()}`],
    ["Device", describeUserAgent(input.client.userAgent) ?? "Unknown device"],
    ["IP address", input.client.ipAddress ?? "Unknown"],
  ];
  const greeting = `Hi ${input.user.displayName},`;
  const text = [greeting, "", lead, "", ...facts.map(([k, v]) => `${k}: ${v}`), "", "If this was you, there's nothing else to do.", ifNotYou, "", `— ${env().rpName}`].join("\n");
  const html = [
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(lead)}</p>`,
    `<ul>${facts.map(([k, v]) => `<li><strong>${escapeHtml(k)}:</strong> ${escapeHtml(v)}</li>`).join("")}</ul>`,
    `<p>If this was you, there's nothing else to do.<br>${escapeHtml(ifNotYou)}</p>`,
    `<p>— ${escapeHtml(env().rpName)}</p>`,
  ].join("\n");
  return { userId: input.kind === "account_deleted" ? null : input.user.id, kind: input.kind, to: input.user.email, subject, text, html };
}
