import "server-only";
import { randomBytes, randomInt, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { recordEvent, recordEventIn } from "../activity/activity";
import type { ClientInfo } from "../http/client-info";
import { prisma } from "../platform/db";
import { apiErrorMessage, UserFacingError } from "../platform/errors";
import { deliverSoon } from "../activity/mail-queue";
import { lockUser } from "../accounts/users";
import { openSignInSessionIn } from "../sessions/sign-in-session";
import { findUserByEmail } from "../accounts/users";

export const RECOVERY_CODE_COUNT = 10;
// Crockford's base32: no I, L, O or U, so nothing reads as something else. 12 characters × 5 bits = 60 bits.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LENGTH = 12;
export const RECOVERY_CODE_BITS = CODE_LENGTH * Math.log2(ALPHABET.length);

// scrypt with 16 MiB of memory: ~50 ms per guess on a server, far more on a GPU farm.
const SCRYPT: ScryptOptions = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const HASH_BYTES = 32;

/** The English sentence, for tests; the refusal answers in the request's language. */
export const WRONG_CODE = apiErrorMessage("en", "wrongRecoveryCode");

/** A fresh code, shown as three groups of four: `7KQ2-M9XD-4HTR`. */
export function generateRecoveryCode(): string {
  let raw = "";
  for (let i = 0; i < CODE_LENGTH; i += 1) raw += ALPHABET[randomInt(ALPHABET.length)];
  return raw.match(/.{4}/g)!.join("-");
}

/** What a person typed, as the canonical code: case, spaces and dashes ignored; O→0, I/L→1. */
export function normalizeRecoveryCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (cleaned.length !== CODE_LENGTH) return null;
  for (const char of cleaned) if (!ALPHABET.includes(char)) return null;
  return cleaned;
}

function scrypt(code: string, salt: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(code, Buffer.from(salt, "base64url"), HASH_BYTES, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashRecoveryCode(code: string, salt: string): Promise<string> {
  const canonical = normalizeRecoveryCode(code);
  if (!canonical) throw new Error("not a recovery code");
  return (await scrypt(canonical, salt)).toString("base64url");
}

/**
 * Replaces the account's codes with ten new ones and returns them; they are shown once and
 * only their scrypt hashes are kept. Every earlier code stops working in the same transaction.
 */
export async function generateRecoveryCodes(userId: string, client: ClientInfo): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
  const salt = randomBytes(16).toString("base64url");
  const hashes = await Promise.all(codes.map((code) => hashRecoveryCode(code, salt)));
  await prisma.$transaction(async (tx) => {
    await lockUser(tx, userId);
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({ data: hashes.map((codeHash) => ({ userId, codeHash, salt })) });
    await recordEventIn(tx, { userId, type: "recovery_codes_generated", client, notify: "recovery_codes_generated" });
  });
  deliverSoon();
  return codes;
}

export interface RecoveryCodeStatus {
  unused: number;
  total: number;
  createdAt: Date | null;
}

export async function recoveryCodeStatus(userId: string): Promise<RecoveryCodeStatus> {
  const codes = await prisma.recoveryCode.findMany({ where: { userId }, select: { usedAt: true, createdAt: true } });
  return {
    unused: codes.filter((code) => !code.usedAt).length,
    total: codes.length,
    createdAt: codes[0]?.createdAt ?? null,
  };
}

// Spent on unknown emails too, so response time does not tell whether an account exists.
const DECOY_SALT = randomBytes(16).toString("base64url");

/**
 * Spends one unused code of the account with this email and opens a recovery session for this
 * browser, in one transaction: the code is never spent without the session it paid for. Any
 * mismatch (unknown email, wrong, malformed or spent code) gets the same answer, so it reveals
 * nothing about which part was wrong.
 */
export async function signInWithRecoveryCode(
  email: string,
  code: string,
  context: { client: ClientInfo; deviceId: string },
): Promise<{ userId: string; sessionId: string }> {
  const { client } = context;
  const user = await findUserByEmail(email);
  const codes = user ? await prisma.recoveryCode.findMany({ where: { userId: user.id, usedAt: null } }) : [];
  const canonical = normalizeRecoveryCode(code);
  const guess = await scrypt(canonical ?? "not-a-code", codes[0]?.salt ?? DECOY_SALT);
  const match = canonical
    ? codes.find((stored) => {
        const expected = Buffer.from(stored.codeHash, "base64url");
        return expected.length === guess.length && timingSafeEqual(expected, guess);
      })
    : undefined;
  if (!user) throw new UserFacingError("recovery_failed", "wrongRecoveryCode", 401);
  if (!match) {
    await recordEvent({ userId: user.id, type: "sign_in_failed", client, detail: { method: "recovery" } });
    throw new UserFacingError("recovery_failed", "wrongRecoveryCode", 401);
  }
  // Single use, even against two simultaneous requests with the same code.
  const sessionId = await prisma.$transaction(async (tx) => {
    const { count } = await tx.recoveryCode.updateMany({ where: { id: match.id, usedAt: null }, data: { usedAt: new Date() } });
    if (count !== 1) return null;
    await recordEventIn(tx, { userId: user.id, type: "recovery_code_used", client, notify: "recovery_code_used" });
    const opened = await openSignInSessionIn(tx, { userId: user.id, passkey: null, method: "recovery", deviceId: context.deviceId, client });
    return opened.sessionId;
  });
  if (!sessionId) throw new UserFacingError("recovery_failed", "wrongRecoveryCode", 401);
  deliverSoon();
  return { userId: user.id, sessionId };
}
