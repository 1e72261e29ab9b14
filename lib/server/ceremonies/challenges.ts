import "server-only";
import { prisma } from "../platform/db";
import { Prisma } from "../../generated/prisma/client";
import { countedKeys, countingStatement, refuseIfLimited, resultOf, type CountedHit, type RateLimitCheck } from "../security/rate-limit";

export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export type ChallengePurpose = "registration" | "authentication" | "step-up" | "email-recovery";

export interface StoredChallenge {
  purpose: ChallengePurpose;
  userId: string | null;
  data: Prisma.JsonValue | null;
  expiresAt: Date;
}

export interface NewChallenge {
  challenge: string;
  purpose: ChallengePurpose;
  /** The browser that may finish the ceremony: its device ID (signed out) or session ID (signed in). */
  binding: string;
  userId?: string;
  data?: Prisma.InputJsonValue;
  /** Rate limits to count in the same statement; the challenge is stored only when none is exhausted. */
  limits?: RateLimitCheck[];
}

/**
 * Stores a challenge, counting the request's rate limits in the same statement (one round trip,
 * one transaction): past a limit the request is refused with 429 and nothing is stored. Expired
 * challenges are deleted in batches off the request path (lib/housekeeping.ts).
 */
export async function saveChallenge(input: NewChallenge): Promise<void> {
  const statement = saveChallengeStatement(input);
  if (!statement.counted) {
    await prisma.$executeRaw(statement.sql);
    return;
  }
  const hits = await prisma.$queryRaw<CountedHit[]>(statement.sql);
  refuseIfLimited(hits.map(resultOf));
}

/** The statement saveChallenge runs (exported so lib/testing/hot-queries.ts can EXPLAIN it as issued). */
export function saveChallengeStatement(input: NewChallenge): { sql: Prisma.Sql; counted: boolean } {
  const expiresAt = new Date(Date.now() + CHALLENGE_TTL_MS);
  const data = input.data === undefined ? null : JSON.stringify(input.data);
  const keys = countedKeys(input.limits ?? []);
  const insert = Prisma.sql`
    INSERT INTO challenges (id, challenge, purpose, binding, user_id, data, expires_at, created_at)
    SELECT gen_random_uuid(), ${input.challenge}, ${input.purpose}, ${input.binding}, ${input.userId ?? null}::uuid, ${data}::jsonb, ${expiresAt}, now()`;
  if (keys.length === 0) return { sql: insert, counted: false };
  const sql = Prisma.sql`
    WITH hits AS (${countingStatement(keys)}),
    saved AS (${insert} WHERE NOT EXISTS (SELECT 1 FROM hits WHERE over) RETURNING 1)
    SELECT key, count, over, retry_after FROM hits`;
  return { sql, counted: true };
}

/** Deletes challenges that expired, at most `batch` per statement (the housekeeping timer repeats it). */
export async function pruneChallenges(batch = 1000): Promise<number> {
  return prisma.$executeRaw(pruneChallengesStatement(batch));
}

// The outer condition repeats the inner one so that both sides of the join read through the
// expires_at index: with `id IN (…)` alone, the planner hashes the batch and reads the whole table
// to find those IDs once the batch is a few percent of it (seen at 30,000 challenges).
export function pruneChallengesStatement(batch = 1000): Prisma.Sql {
  return Prisma.sql`
    DELETE FROM challenges WHERE expires_at < now() AND id IN (SELECT id FROM challenges WHERE expires_at < now() LIMIT ${batch})`;
}

interface ChallengeRow {
  purpose: string;
  user_id: string | null;
  data: Prisma.JsonValue | null;
  binding: string | null;
  expires_at: Date;
}

/**
 * Takes a challenge out of the store. It is deleted whatever happens next, so a response can be
 * verified at most once; only the request whose delete returns the row gets it (no double spend).
 * Returns null when unknown, already used, expired, issued for another purpose, or asked for by
 * another browser than the one finishing it (a response carried elsewhere opens nothing).
 */
export async function consumeChallenge(challenge: string, purpose: ChallengePurpose, binding: string): Promise<StoredChallenge | null> {
  const [row] = await prisma.$queryRaw<ChallengeRow[]>(consumeChallengeStatement(challenge));
  if (!row) return null;
  if (row.expires_at.getTime() <= Date.now()) return null;
  if (row.purpose !== purpose || row.binding !== binding) return null;
  return { purpose, userId: row.user_id, data: row.data, expiresAt: row.expires_at };
}

export function consumeChallengeStatement(challenge: string): Prisma.Sql {
  return Prisma.sql`
    DELETE FROM challenges WHERE challenge = ${challenge}
    RETURNING purpose, user_id, data, binding, expires_at`;
}

// The portal's challenges are 32 random bytes in base64url. Anything else cannot be one, and is
// never looked up: a NUL or a lone surrogate in it would make PostgreSQL fail the query.
const CHALLENGE_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

/** Reads the challenge the authenticator signed from a response's clientDataJSON. */
export function challengeFromClientData(clientDataJSON: string): string | null {
  try {
    const clientData: unknown = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8"));
    if (typeof clientData !== "object" || clientData === null) return null;
    const challenge = (clientData as { challenge?: unknown }).challenge;
    return typeof challenge === "string" && CHALLENGE_SHAPE.test(challenge) ? challenge : null;
  } catch {
    return null;
  }
}
