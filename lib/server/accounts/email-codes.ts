import "server-only";
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { env } from "../platform/env";

// Confirmation codes are 8 digits (~26.6 bits): short enough to type, and hopeless to guess
// within the caps around them (5 guesses per code, a few codes per hour per recipient; see README).
export const CODE_DIGITS = 8;

/** A fresh code, as the email shows it: `1234 5678`. */
export function generateConfirmationCode(): string {
  let code = "";
  for (let i = 0; i < CODE_DIGITS; i += 1) code += String(randomInt(10));
  return `${code.slice(0, 4)} ${code.slice(4)}`;
}

/** What a person typed, as the canonical code (spaces and dashes ignored), or null for anything else. */
export function normalizeConfirmationCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "");
  return new RegExp(`^\\d{${CODE_DIGITS}}$`).test(digits) ? digits : null;
}

// Keys derived from AUTH_SECRET, one per use: a copy of the database alone cannot check a code
// or mint a link.
function key(use: string): Buffer {
  return createHmac("sha256", env().authSecret).update(`passkey-portal:${use}`).digest();
}

function mac(use: string, message: string): string {
  return createHmac("sha256", key(use)).update(message).digest("base64url");
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Bound to its confirmation's ID, so one code's hash says nothing about another's. */
export function hashConfirmationCode(confirmationId: string, code: string): string {
  return mac("email-code", `${confirmationId}:${normalizeConfirmationCode(code) ?? code}`);
}

export function confirmationCodeMatches(confirmationId: string, typed: string, codeHash: string): boolean {
  const canonical = normalizeConfirmationCode(typed);
  return canonical !== null && sameText(hashConfirmationCode(confirmationId, canonical), codeHash);
}

/** A link token: 256 random bits, of which only the SHA-256 is stored. */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A link token as it arrives in a request; anything else is refused with `message` (a key of messages/en/errors-api.json). */
export function linkTokenSchema(message: string): z.ZodString {
  return z.string({ error: message }).min(20, message).max(200, message).regex(/^[A-Za-z0-9_.-]+$/, message);
}

/**
 * The "This wasn't me" token of an email change: its ID and a MAC over it. Every notice to the
 * previous address carries the same link without the database storing a usable secret; the
 * change row makes it single-use and ends it after 30 days.
 */
export function reportToken(changeId: string): string {
  return `${changeId}.${mac("email-change-report", changeId)}`;
}

/** The email change a report token names, or null for a forged or malformed one. */
export function changeIdFromReportToken(token: string): string | null {
  const [id, signature, extra] = token.split(".");
  if (extra !== undefined || !id || !signature || !z.uuid().safeParse(id).success) return null;
  return sameText(mac("email-change-report", id), signature) ? id : null;
}
