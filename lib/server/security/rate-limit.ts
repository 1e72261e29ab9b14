import "server-only";
import { createHmac, hkdfSync } from "node:crypto";
import { rateLimitAddress } from "../http/client-info";
import { prisma } from "../platform/db";
import { Prisma } from "../../generated/prisma/client";
import { env } from "../platform/env";
import { UserFacingError, type ApiErrorText } from "../platform/errors";
import { countOperation } from "../operations/counters";
import { countRateLimitRefusal } from "../platform/metrics";

/** At most `limit` requests per `windowSeconds`, counted per key (an IP address or an account). */
export interface RateLimit {
  name: string;
  limit: number;
  windowSeconds: number;
  /** Keys are client IP addresses: IPv6 ones are counted per /64 network. */
  perIp?: boolean;
}

// Generous for people, hopeless for scripts. Per-IP limits slow down one machine; per-account
// limits hold however many machines an attacker has.
export const LIMITS = {
  signInOptionsPerIp: { name: "sign-in-options:ip", limit: 60, windowSeconds: 60, perIp: true },
  signInOptionsPerAccount: { name: "sign-in-options:account", limit: 20, windowSeconds: 300 },
  signInPerIp: { name: "sign-in:ip", limit: 30, windowSeconds: 300, perIp: true },
  // Failed passkey sign-ins only: a valid signature cannot be forged, so counting successes
  // would only let a stranger lock the owner out by spending the account's allowance.
  signInFailuresPerAccount: { name: "sign-in-failures:account", limit: 10, windowSeconds: 300 },
  signUpPerIp: { name: "sign-up:ip", limit: 20, windowSeconds: 3600, perIp: true },
  signUpPerEmail: { name: "sign-up:email", limit: 5, windowSeconds: 600 },
  // A code has 60 random bits: at 5 guesses per quarter hour, guessing takes longer than the universe has existed.
  recoveryPerIp: { name: "recovery:ip", limit: 10, windowSeconds: 900, perIp: true },
  // Per account, so no number of machines helps; a stranger can still spend an email's
  // allowance (recovery then waits out the window), the price of making guessing hopeless.
  recoveryPerAccount: { name: "recovery:account", limit: 5, windowSeconds: 900 },
  accountCeremonyPerAccount: { name: "account-ceremony:account", limit: 30, windowSeconds: 300 },
  recoveryCodesPerAccount: { name: "recovery-codes:account", limit: 10, windowSeconds: 3600 },
  // Recovery through the email: each request may mail a link, so few per address; per IP, enough
  // for a household behind one address. Opening links is counted per IP (the token has 256 bits).
  emailRecoveryPerEmail: { name: "email-recovery:email", limit: 3, windowSeconds: 3600 },
  emailRecoveryPerIp: { name: "email-recovery:ip", limit: 10, windowSeconds: 3600, perIp: true },
  emailRecoveryLinkPerIp: { name: "email-recovery-link:ip", limit: 30, windowSeconds: 900, perIp: true },
  // Requests that mail a confirmation code (a new address, "Send a new code").
  emailRequestsPerAccount: { name: "email-requests:account", limit: 5, windowSeconds: 3600 },
  emailRequestsPerIp: { name: "email-requests:ip", limit: 20, windowSeconds: 3600 },
  // Confirmation codes are 8 digits, so guesses are counted per account, per IP and per address:
  // however many accounts and machines try one address, it gets 30 guesses a day (the emailed
  // link, 256 random bits, is not counted here and always works).
  emailCodePerAccount: { name: "email-code:account", limit: 10, windowSeconds: 900 },
  emailCodePerIp: { name: "email-code:ip", limit: 30, windowSeconds: 900 },
  emailCodePerAddress: { name: "email-code:address", limit: 30, windowSeconds: 86400 },
  // Mail someone asked for (codes, "someone tried to use your address") per recipient. Past it the
  // mail is silently not sent, so nobody learns from the answer what else goes to that address;
  // security notices are never counted, never capped and always delivered first.
  requestedMailPerRecipient: { name: "requested-mail:recipient", limit: 5, windowSeconds: 3600 },
  requestedMailPerRecipientDaily: { name: "requested-mail:recipient-day", limit: 10, windowSeconds: 86400 },
} as const satisfies Record<string, RateLimit>;

export interface RateLimitResult {
  /** The limit's name (e.g. "sign-in:ip"). */
  limit: string;
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

let hmacKey: { secret: string; key: Buffer } | undefined;

// Keys hold emails and IP addresses: only a keyed digest is stored. A plain hash of an email
// can be confirmed by anyone who reads the table and guesses the address; without the server
// secret, the digest says nothing. The HMAC key is derived for this one use (HKDF).
function storageKey(limit: RateLimit, key: string): string {
  const { authSecret } = env();
  if (hmacKey?.secret !== authSecret) {
    hmacKey = { secret: authSecret, key: Buffer.from(hkdfSync("sha256", authSecret, "", "passkey-portal rate-limit keys", 32)) };
  }
  const normalized = limit.perIp ? rateLimitAddress(key) : key.toLowerCase();
  return `${limit.name}:${createHmac("sha256", hmacKey.key).update(normalized).digest("base64url")}`;
}

/** One key counted against one limit: a limit with a null key is skipped (e.g. an unknown IP). */
export type RateLimitCheck = [RateLimit, string | null | undefined];

export interface CountedKey {
  storageKey: string;
  limit: RateLimit;
}

/** The distinct storage keys a batch of checks counts (for statements that count them as one step). */
export function countedKeys(checks: RateLimitCheck[]): CountedKey[] {
  const keys = new Map<string, CountedKey>();
  for (const [limit, key] of checks) {
    if (!key) continue;
    const storage = storageKey(limit, key);
    keys.set(storage, { storageKey: storage, limit });
  }
  return [...keys.values()];
}

/**
 * The statement that counts one request against several fixed windows at once, atomically, so
 * every app instance shares the counts; the database clock decides windows (app clocks may
 * disagree). It RETURNs `key`, `count`, `retry_after` and `over` (past its limit), and can stand
 * alone or open a CTE (`WITH hits AS (…)`) whose next step only runs when nothing is over.
 */
export function countingStatement(keys: CountedKey[]): Prisma.Sql {
  const rows = keys.map((key) => Prisma.sql`(${key.storageKey}, now(), 1, ${key.limit.windowSeconds}::int, ${key.limit.limit}::int)`);
  return Prisma.sql`
    INSERT INTO rate_limits AS r (key, window_start, count, window_seconds, max_count)
    VALUES ${Prisma.join(rows)}
    ON CONFLICT (key) DO UPDATE SET
      window_start = CASE WHEN r.window_start <= now() - make_interval(secs => EXCLUDED.window_seconds) THEN now() ELSE r.window_start END,
      count = CASE WHEN r.window_start <= now() - make_interval(secs => EXCLUDED.window_seconds) THEN 1 ELSE r.count + 1 END,
      window_seconds = EXCLUDED.window_seconds,
      max_count = EXCLUDED.max_count
    RETURNING key, count, count > max_count AS over,
      LEAST(window_seconds, GREATEST(1, CEIL(EXTRACT(EPOCH FROM (window_start + make_interval(secs => window_seconds) - now())))))::int AS retry_after`;
}

export interface CountedHit {
  key: string;
  count: number;
  over: boolean;
  retry_after: number;
}

/** What the counting statement says of one key. */
export function resultOf(hit: Pick<CountedHit, "key" | "count" | "over" | "retry_after">): RateLimitResult {
  // A storage key is the limit's name, a colon and a base64url digest (which has no colon).
  return { limit: hit.key.slice(0, hit.key.lastIndexOf(":")), allowed: !hit.over, count: hit.count, retryAfterSeconds: hit.retry_after };
}

/** Counts one request against every applicable limit in a single statement. */
export async function countHits(checks: RateLimitCheck[]): Promise<RateLimitResult[]> {
  const keys = countedKeys(checks);
  if (keys.length === 0) return [];
  const rows = await prisma.$queryRaw<CountedHit[]>(countingStatement(keys));
  return rows.map(resultOf);
}

/** Counts one request against one limit. */
export async function hit(limit: RateLimit, key: string): Promise<RateLimitResult> {
  const [result] = await countHits([[limit, key]]);
  return result;
}

function waitMessage(seconds: number): ApiErrorText {
  if (seconds < 60) return { key: "rateLimitedSeconds", values: { count: seconds } };
  return { key: "rateLimitedMinutes", values: { count: Math.ceil(seconds / 60) } };
}

/** Refuses the request with 429 and Retry-After when any counted limit is exhausted. */
export function refuseIfLimited(results: Pick<RateLimitResult, "limit" | "allowed" | "retryAfterSeconds">[]): void {
  const retryAfter = Math.max(0, ...results.filter((result) => !result.allowed).map((result) => result.retryAfterSeconds));
  if (retryAfter === 0) return;
  for (const result of results) {
    if (result.allowed) continue;
    countRateLimitRefusal(result.limit);
    countOperation(prisma, "rate_limit_refusal", result.limit);
  }
  throw new UserFacingError(
    "rate_limited",
    waitMessage(retryAfter),
    429,
    retryAfter,
  );
}

/**
 * Counts the request against every applicable limit (a null key skips that limit, e.g. an
 * unknown IP) and refuses it with 429 and Retry-After when any is exhausted.
 */
export async function enforceRateLimits(checks: RateLimitCheck[]): Promise<void> {
  refuseIfLimited(await countHits(checks));
}

/**
 * Forgets windows that ended, at most `batch` rows per statement so no single delete holds
 * locks for long. (A window counts from its start for its own length; the longest is a day.)
 */
export async function pruneRateLimits(olderThanSeconds = 24 * 60 * 60, batch = 1000): Promise<number> {
  return prisma.$executeRaw(pruneRateLimitsStatement(olderThanSeconds, batch));
}

export function pruneRateLimitsStatement(olderThanSeconds = 24 * 60 * 60, batch = 1000): Prisma.Sql {
  return Prisma.sql`
    DELETE FROM rate_limits WHERE key IN (
      SELECT key FROM rate_limits WHERE window_start < now() - make_interval(secs => ${olderThanSeconds}) LIMIT ${batch})`;
}
