import "server-only";
import type { WebAuthnCredential } from "@simplewebauthn/server";
import { recordEventIn } from "../activity/activity";
import type { ClientInfo } from "../http/client-info";
import { prisma } from "../platform/db";
import { deliverSoon } from "../activity/mail-queue";
import { UserFacingError } from "../platform/errors";
import { Prisma, type Passkey } from "../../generated/prisma/client";
import { lockUser, UNCONFIRMED_SIGN_IN_LIMIT } from "../accounts/users";
import { isSynced } from "./policy";
import { revokeSessionsOfPasskey } from "../sessions/sessions";

export type { Passkey };

/** A verified credential as registration stores it. */
export type NewPasskey = Omit<Prisma.PasskeyCreateWithoutUserInput, "id" | "createdAt">;

/** Stores a verified new passkey on the account (in the caller's transaction, with its activity entry). */
export async function savePasskey(tx: Prisma.TransactionClient, userId: string, credential: NewPasskey, addedInSessionId?: string): Promise<Passkey> {
  return tx.passkey.create({ data: { ...credential, userId, addedInSessionId } });
}

/** A recovery through the email completed: every passkey the account had is marked for its owner's review. */
export async function markPasskeysBeforeRecovery(tx: Prisma.TransactionClient, userId: string, at: Date): Promise<void> {
  await tx.passkey.updateMany({ where: { userId, beforeRecoveryAt: null }, data: { beforeRecoveryAt: at } });
}

export async function listPasskeysForUser(userId: string): Promise<Passkey[]> {
  return prisma.passkey.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
}

/**
 * The passkeys an email-first sign-in offers: those of the account that confirmed the address and
 * of at most UNCONFIRMED_SIGN_IN_LIMIT unconfirmed accounts carrying it, newest first (lib/server/accounts/users.ts).
 * One query whether or not any account exists, so the answer takes as long either way.
 */
export async function listPasskeysForEmailSignIn(email: string): Promise<Passkey[]> {
  const rows = await prisma.passkey.findMany({
    where: { user: { email } },
    include: { user: { select: { emailConfirmedAt: true } } },
    orderBy: [{ user: { emailConfirmedAt: { sort: "asc", nulls: "last" } } }, { user: { createdAt: "desc" } }, { createdAt: "desc" }],
    take: 50,
  });
  const unconfirmed: string[] = [];
  return rows
    .filter((row) => {
      if (row.user.emailConfirmedAt) return true;
      if (!unconfirmed.includes(row.userId) && unconfirmed.length < UNCONFIRMED_SIGN_IN_LIMIT) unconfirmed.push(row.userId);
      return unconfirmed.includes(row.userId);
    })
    .map(({ user: _user, ...passkey }) => passkey);
}

/** The refusal for a passkey that isn't the account's (someone else's, removed, or no passkey ID at all). */
export function passkeyNotFound(): UserFacingError {
  return new UserFacingError("passkey_not_found", "passkeyNotFound", 404);
}

/**
 * Renames one of the user's passkeys, with its activity entry in the same transaction (a rename
 * that keeps the name records nothing). The answer also carries the name it replaced.
 */
export async function renamePasskey(userId: string, passkeyId: string, name: string, client: ClientInfo): Promise<Passkey & { previousName: string }> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.passkey.findFirst({ where: { id: passkeyId, userId } });
    if (!before) throw passkeyNotFound();
    // Guarded by owner too, and refused if the passkey was removed in between.
    const { count } = await tx.passkey.updateMany({ where: { id: passkeyId, userId }, data: { name } });
    if (count !== 1) throw passkeyNotFound();
    if (before.name !== name) {
      await recordEventIn(tx, { userId, type: "passkey_renamed", client, detail: { previousName: before.name, passkeyName: name } });
    }
    return { ...before, name, previousName: before.name };
  });
}

/**
 * Deletes one of the user's passkeys and revokes the sessions that were signed in with it, with
 * its activity entry and email in the same transaction. Refuses to remove the last passkey (the
 * account would be unreachable) and, while the account accepts only device-bound passkeys, the
 * last device-bound one (the same lock-out).
 */
export async function removePasskey(userId: string, passkeyId: string, client: ClientInfo): Promise<Passkey> {
  const removed = await prisma.$transaction(async (tx) => {
    // Every change that can leave an account without a usable passkey takes this row lock first,
    // so two of them can never both pass the checks below on the same starting state.
    const [owner] = await lockUser(tx, userId);
    const passkeys = await tx.passkey.findMany({ where: { userId } });
    const target = passkeys.find((passkey) => passkey.id === passkeyId);
    if (!owner || !target) throw passkeyNotFound();
    if (passkeys.length === 1) {
      throw new UserFacingError("last_passkey", "lastPasskey", 409);
    }
    const usableAfter = passkeys.filter((passkey) => passkey.id !== passkeyId && !(owner.device_bound_only && isSynced(passkey)));
    if (usableAfter.length === 0) {
      throw new UserFacingError(
        "last_usable_passkey",
        "lastUsablePasskey",
        409,
      );
    }
    await revokeSessionsOfPasskey(tx, { userId, passkeyId });
    await tx.passkey.deleteMany({ where: { id: passkeyId, userId } });
    await recordEventIn(tx, { userId, type: "passkey_removed", client, detail: { passkeyName: target.name }, notify: "passkey_removed" });
    return target;
  });
  deliverSoon();
  return removed;
}

export async function findPasskeyByCredentialId(credentialId: string): Promise<Passkey | null> {
  return prisma.passkey.findUnique({ where: { credentialId } });
}

/** The stored form @simplewebauthn/server verifies an assertion against. */
export function toWebAuthnCredential(passkey: Passkey): WebAuthnCredential {
  return {
    id: passkey.credentialId,
    publicKey: new Uint8Array(passkey.publicKey),
    counter: Number(passkey.counter),
    transports: passkey.transports as WebAuthnCredential["transports"],
  };
}

/**
 * After a verified assertion: current backup state (it may change) and last use. The counter
 * only moves forward, so two concurrent sign-ins can never leave the lower value stored. A synced
 * passkey stays multi-device whatever its flags say now (lib/server/passkeys/backup-state.ts turns one synced).
 */
export interface PasskeyUse {
  counter: number;
  backedUp: boolean;
  deviceType: string;
  userAgent?: string | null;
}

/** The UPDATE that records a use; a statement of its own or a step of a larger one. */
export function passkeyUseStatement(passkeyId: string, update: PasskeyUse): Prisma.Sql {
  return Prisma.sql`
    UPDATE passkeys
    SET counter = GREATEST(counter, ${BigInt(update.counter)}),
        backed_up = ${update.backedUp},
        device_type = CASE WHEN backup_eligible THEN 'multiDevice' ELSE ${update.deviceType} END,
        last_used_at = now(),
        last_used_user_agent = COALESCE(${update.userAgent ?? null}::text, last_used_user_agent)
    WHERE id = ${passkeyId}::uuid`;
}

export async function recordPasskeyUse(passkeyId: string, update: PasskeyUse, db: Pick<typeof prisma, "$executeRaw"> = prisma): Promise<void> {
  await db.$executeRaw(passkeyUseStatement(passkeyId, update));
}
