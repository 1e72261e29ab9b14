import "server-only";
import { recordEventIn } from "../activity/activity";
import type { ClientInfo } from "../http/client-info";
import { prisma } from "../platform/db";
import { UserFacingError } from "../platform/errors";
import type { User } from "../../generated/prisma/client";
import { noticeRecipients } from "../activity/notice-recipients";
import { composeNotification } from "../activity/notifications";
import { deliverSoon, dropQueuedEmails, enqueueEmail } from "../activity/mail-queue";
import { accountLocale } from "./account-locale";
import { lockUser } from "./users";
import { requestConfirmation } from "./email-confirmation";
import { revokeSyncedPasskeySessions } from "../sessions/sessions";

/**
 * Renames the account, with its activity entry in the same transaction (the same name records
 * nothing); the email changes only through a confirmation (lib/server/accounts/email-confirmation.ts).
 */
export async function updateDisplayName(userId: string, displayName: string, client: ClientInfo): Promise<User> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    if (before.displayName === displayName) return before;
    const user = await tx.user.update({ where: { id: userId }, data: { displayName } });
    await recordEventIn(tx, { userId, type: "profile_changed", client, detail: { fields: ["name"] } });
    return user;
  });
}

/** A change of email the profile form asks for: null when the typed address is the current one. */
export function requestedEmailChange(user: Pick<User, "email">, typed: string): string | null {
  return typed !== user.email ? typed : null;
}

/**
 * Saves "Edit profile". A new name applies at once (recording nothing if unchanged); a new email
 * does not: it gets a code, and the account's address changes only when that code is entered.
 */
export async function updateProfile(user: User, input: { name: string; email: string }, client: ClientInfo): Promise<{ user: User; pendingEmail: string | null }> {
  const pendingEmail = requestedEmailChange(user, input.email);
  const updated = await updateDisplayName(user.id, input.name, client);
  if (pendingEmail) await requestConfirmation(updated, "change", pendingEmail, client);
  return { user: updated, pendingEmail };
}

/**
 * Turns the device-bound-only policy on or off, with its activity entry. It can be turned on
 * only while the account has a device-bound passkey, or its owner would be locked out by their
 * own setting. Turning it on also signs out every other device that signed in with a synced
 * passkey: the point of the setting is that a copy of a synced passkey no longer gets in, and a
 * session it already opened is such a way in. This session stays: changing the setting needed a
 * fresh passkey check here.
 */
export async function setDeviceBoundOnly(
  session: { id: string; userId: string },
  enabled: boolean,
  client: ClientInfo,
): Promise<{ user: User; signedOut: number }> {
  const { userId } = session;
  return prisma.$transaction(async (tx) => {
    // Same lock as passkey removal: the count below cannot go stale before the update.
    const [before] = await lockUser(tx, userId);
    if (enabled && (await tx.passkey.count({ where: { userId, backupEligible: false } })) === 0) {
      throw new UserFacingError(
        "no_device_bound_passkey",
        "noDeviceBoundPasskey",
        409,
      );
    }
    const user = await tx.user.update({ where: { id: userId }, data: { deviceBoundOnly: enabled } });
    if (before?.device_bound_only === enabled) return { user, signedOut: 0 };
    const signedOut = enabled ? await revokeSyncedPasskeySessions(tx, userId, session.id) : 0;
    await recordEventIn(tx, { userId, type: "policy_changed", client, detail: { deviceBoundOnly: enabled, count: signedOut } });
    return { user, signedOut };
  });
}

export function sameEmail(typed: string, email: string): boolean {
  return typed.trim().normalize("NFKC").toLowerCase() === email.toLowerCase();
}

export function emailMismatch(): UserFacingError {
  return new UserFacingError("email_mismatch", "emailMismatch", 400);
}

/**
 * Deletes the account with its passkeys, sessions, recovery codes, activity and queued mail,
 * keeping only the notice that tells the owner it happened. The owner retypes their email so
 * a slip of the finger cannot delete it.
 */
export async function deleteAccount(userId: string, typedEmail: string, client: ClientInfo): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await lockUser(tx, userId);
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new UserFacingError("signed_out", "signedOut", 401);
    if (!sameEmail(typedEmail, user.email)) throw emailMismatch();
    // Asked for before the cascade below takes the email-change rows with it.
    const recipients = await noticeRecipients(tx, user);
    await dropQueuedEmails(tx, userId);
    for (const { address } of recipients) {
      await enqueueEmail(tx, composeNotification({ kind: "account_deleted", userId: null, to: { address }, client, at: new Date(), locale: accountLocale(user) }));
    }
    // Passkeys, sessions, recovery codes, challenges, grants and activity go with it (ON DELETE CASCADE).
    await tx.user.delete({ where: { id: userId } });
  });
  deliverSoon();
}
