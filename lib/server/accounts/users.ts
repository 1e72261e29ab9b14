import "server-only";
import { randomBytes } from "node:crypto";
import { prisma } from "../platform/db";
import type { Prisma, User } from "../../generated/prisma/client";
import type { Locale } from "../../shared/locale";

export type { User };

// An address belongs to at most one account once confirmed (a partial unique index in the
// migration), but several unconfirmed accounts may carry it: sign-up never says an address is
// taken, so a stranger can squat it only until its real owner confirms it.

/** How many unconfirmed accounts with one address email-first sign-in offers, newest first. */
export const UNCONFIRMED_SIGN_IN_LIMIT = 3;

/** WebAuthn user handle: 32 random bytes, never derived from the email (spec privacy rule). */
export function newUserHandle(): string {
  return randomBytes(32).toString("base64url");
}

/** Creates an account (sign-up, in the caller's transaction with its first passkey and session). */
export async function createAccount(
  tx: Prisma.TransactionClient,
  input: { email: string; displayName: string; userHandle: string; locale: Locale },
): Promise<User> {
  return tx.user.create({ data: { email: input.email, displayName: input.displayName, userHandle: input.userHandle, locale: input.locale } });
}

/** The language of the account's emails, from the footer's switcher (POST /api/locale). */
export async function setAccountLocale(userId: string, locale: Locale): Promise<void> {
  await prisma.user.updateMany({ where: { id: userId }, data: { locale } });
}

/** The account that holds this address confirmed, if any. */
export async function findConfirmedUserByEmail(email: string): Promise<User | null> {
  return prisma.user.findFirst({ where: { email, emailConfirmedAt: { not: null } } });
}

/**
 * The one account an email names: the account that confirmed it, or else the newest unconfirmed
 * account carrying it. Recovery-code sign-in uses this (see README, "Email addresses").
 */
export async function findUserByEmail(email: string): Promise<User | null> {
  return prisma.user.findFirst({
    where: { email },
    // NULLS LAST: a confirmed owner always comes before any unconfirmed account.
    orderBy: [{ emailConfirmedAt: { sort: "asc", nulls: "last" } }, { createdAt: "desc" }, { id: "asc" }],
  });
}

/**
 * The accounts email-first sign-in may offer for an address: its confirmed owner (if any) first,
 * then up to UNCONFIRMED_SIGN_IN_LIMIT unconfirmed accounts carrying it, newest first, so a new
 * account can sign in by email before its owner has confirmed the address.
 */
export async function listAccountsForEmailSignIn(email: string): Promise<User[]> {
  const [owner, unconfirmed] = await Promise.all([
    findConfirmedUserByEmail(email),
    prisma.user.findMany({
      where: { email, emailConfirmedAt: null },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: UNCONFIRMED_SIGN_IN_LIMIT,
    }),
  ]);
  return owner ? [owner, ...unconfirmed] : unconfirmed;
}

export async function findUserById(id: string): Promise<User | null> {
  return prisma.user.findUnique({ where: { id } });
}

/** Locks the user's row for the rest of the transaction and reads its policy. */
export function lockUser(tx: Prisma.TransactionClient, userId: string): Promise<{ device_bound_only: boolean }[]> {
  return tx.$queryRaw<{ device_bound_only: boolean }[]>`SELECT device_bound_only FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
}
