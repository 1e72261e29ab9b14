import "server-only";
import { prisma } from "./db";
import type { Prisma } from "./generated/prisma/client";

export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export type ChallengePurpose = "registration" | "authentication" | "step-up";

export interface StoredChallenge {
  purpose: ChallengePurpose;
  userId: string | null;
  data: Prisma.JsonValue | null;
  expiresAt: Date;
}

export async function saveChallenge(input: {
  challenge: string;
  purpose: ChallengePurpose;
  /** The browser that may finish the ceremony: its device ID (signed out) or session ID (signed in). */
  binding: string;
  userId?: string;
  data?: Prisma.InputJsonValue;
}): Promise<void> {
  const now = Date.now();
  // Housekeeping on the write path keeps the table small without a scheduler.
  await prisma.challenge.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  await prisma.challenge.create({
    data: {
      challenge: input.challenge,
      purpose: input.purpose,
      binding: input.binding,
      userId: input.userId,
      data: input.data,
      expiresAt: new Date(now + CHALLENGE_TTL_MS),
    },
  });
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
  const [row] = await prisma.$queryRaw<ChallengeRow[]>`
    DELETE FROM challenges WHERE challenge = ${challenge}
    RETURNING purpose, user_id, data, binding, expires_at`;
  if (!row) return null;
  if (row.expires_at.getTime() <= Date.now()) return null;
  if (row.purpose !== purpose || row.binding !== binding) return null;
  return { purpose, userId: row.user_id, data: row.data, expiresAt: row.expires_at };
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
