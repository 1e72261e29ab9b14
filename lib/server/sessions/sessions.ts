import "server-only";
import { decode } from "next-auth/jwt";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cookieFromHeader, sessionCookieName } from "../http/cookies";
import { prisma } from "../platform/db";
import { env } from "../platform/env";
import { UserFacingError } from "../platform/errors";
import { Prisma, type Session, type User } from "../../generated/prisma/client";
import { USER_COLUMNS, userFromRow, type UserColumns } from "../accounts/row-mappers";

// The session primitives: token to session, create, revoke. This is the only module that writes
// the sessions table (the one-statement sign-in in ./sign-in-session.ts aside), and it imports
// nothing from activity or mail: the flows that record a sign-out live above it (./sign-out.ts).

// Writing last-seen on every request would turn every page view into a disk sync; the idle
// expiry is therefore accurate to this interval.
const TOUCH_INTERVAL_MS = 60 * 1000;

export type ActiveSession = Session & { user: User };

export type SignInMethod = "passkey" | "signup" | "recovery";

type Db = Pick<Prisma.TransactionClient, "session">;

/**
 * Opens a database session. A passkey sign-in (or sign-up) is a fresh passkey check; a recovery
 * code is not one: that session must add a passkey and confirm with it before sensitive changes
 * (see lib/server/ceremonies/step-up.ts), so a phished code alone cannot delete the account or its passkeys.
 */
export async function createSession(
  input: {
    /** Chosen by the caller when something written before it must name it (a recovery's new passkey). */
    id?: string;
    userId: string;
    passkeyId: string | null;
    method: SignInMethod;
    userAgent: string | null;
    ipAddress: string | null;
    deviceId?: string | null;
    /** Signed in without a passkey this browser holds (see SignInSessionInput.passkeyFromAnotherDevice). */
    needsPasskeyHere?: boolean;
  },
  db: Db = prisma,
): Promise<string> {
  const now = new Date();
  const session = await db.session.create({
    data: {
      ...input,
      createdAt: now,
      lastSeenAt: now,
      verifiedAt: input.method === "recovery" ? null : now,
      expiresAt: new Date(now.getTime() + env().sessionMaxMs),
    },
  });
  return session.id;
}

/** Conditions of a session that still signs its browser in: not revoked, not past either expiry. */
function activeWhere(now: Date) {
  return {
    revokedAt: null,
    expiresAt: { gt: now },
    lastSeenAt: { gt: new Date(now.getTime() - env().sessionIdleMs) },
  };
}

interface SessionRow extends UserColumns {
  id: string;
  user_id: string;
  passkey_id: string | null;
  method: string;
  user_agent: string | null;
  ip_address: string | null;
  device_id: string | null;
  created_at: Date;
  last_seen_at: Date;
  verified_at: Date | null;
  needs_passkey_here: boolean;
  expires_at: Date;
  revoked_at: Date | null;
}

/**
 * The session if it still signs its browser in, with its account: one statement on every signed-in
 * request, which also slides last-seen forward when it is more than TOUCH_INTERVAL_MS old.
 */
export async function findActiveSession(sessionId: string): Promise<ActiveSession | null> {
  const now = new Date();
  const touchBefore = new Date(now.getTime() - TOUCH_INTERVAL_MS);
  const [row] = await prisma.$queryRaw<SessionRow[]>(activeSessionQuery(sessionId, now));
  const user = row ? userFromRow(row) : null;
  if (!row || !user) return null;
  const touched = row.last_seen_at.getTime() < touchBefore.getTime();
  return {
    id: row.id,
    userId: row.user_id,
    passkeyId: row.passkey_id,
    method: row.method,
    userAgent: row.user_agent,
    ipAddress: row.ip_address,
    deviceId: row.device_id,
    createdAt: row.created_at,
    lastSeenAt: touched ? now : row.last_seen_at,
    verifiedAt: row.verified_at,
    needsPasskeyHere: row.needs_passkey_here,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    user,
  };
}

/** The statement findActiveSession runs (exported so lib/testing/hot-queries.ts can EXPLAIN it as issued). */
export function activeSessionQuery(sessionId: string, now: Date): Prisma.Sql {
  const idleSince = new Date(now.getTime() - env().sessionIdleMs);
  const touchBefore = new Date(now.getTime() - TOUCH_INTERVAL_MS);
  return Prisma.sql`
    WITH active AS (
      SELECT s.*, ${Prisma.raw(USER_COLUMNS)}
      FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = ${sessionId}::uuid AND s.revoked_at IS NULL AND s.expires_at > ${now} AND s.last_seen_at > ${idleSince}),
    touched AS (
      UPDATE sessions SET last_seen_at = ${now}
      WHERE id IN (SELECT id FROM active WHERE last_seen_at < ${touchBefore}))
    SELECT * FROM active`;
}

export async function findSession(sessionId: string): Promise<Session | null> {
  return prisma.session.findUnique({ where: { id: sessionId } });
}

/** Revokes one session; false when it was already revoked (so a repeated sign-out records nothing). */
export async function revokeSession(sessionId: string, db: Db = prisma): Promise<boolean> {
  const { count } = await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count === 1;
}

export type SessionWithPasskey = Session & { passkey: { name: string } | null };

/** Every session that still signs a browser in, most recently active first. */
export async function listActiveSessions(userId: string): Promise<SessionWithPasskey[]> {
  return prisma.session.findMany({
    where: { userId, ...activeWhere(new Date()) },
    include: { passkey: { select: { name: true } } },
    orderBy: { lastSeenAt: "desc" },
  });
}

/** One of the owner's sessions other than `current` that still signs a browser in, if there is one. */
export async function findOtherActiveSession(current: Pick<Session, "id" | "userId">, sessionId: string): Promise<Session | null> {
  if (sessionId === current.id) return null;
  return prisma.session.findFirst({ where: { id: sessionId, userId: current.userId, ...activeWhere(new Date()) } });
}

/** Revokes every other session of the owner that still signs a browser in; returns how many. */
export async function revokeOtherSessions(current: Pick<Session, "id" | "userId">, db: Db = prisma): Promise<number> {
  const { count } = await db.session.updateMany({
    where: { userId: current.userId, id: { not: current.id }, ...activeWhere(new Date()) },
    data: { revokedAt: new Date() },
  });
  return count;
}

/**
 * Revokes the sessions a passkey opened (it was removed, or it synced under the device-bound-only
 * policy: pass `onlyIfDeviceBoundOnly`, and the account's policy decides, in the same statement).
 */
export async function revokeSessionsOfPasskey(
  tx: Db,
  input: { userId: string; passkeyId: string; onlyIfDeviceBoundOnly?: boolean },
): Promise<void> {
  const policy = input.onlyIfDeviceBoundOnly ? { user: { deviceBoundOnly: true } } : {};
  await tx.session.updateMany({ where: { userId: input.userId, passkeyId: input.passkeyId, revokedAt: null, ...policy }, data: { revokedAt: new Date() } });
}

/** Revokes every session, of any account, opened by a passkey matching `passkeys`; returns how many. */
export async function revokeSessionsOfPasskeysWhere(passkeys: Prisma.PasskeyWhereInput): Promise<number> {
  const { count } = await prisma.session.updateMany({ where: { revokedAt: null, passkey: passkeys }, data: { revokedAt: new Date() } });
  return count;
}

/** Revokes the owner's sessions opened by a synced passkey, except `keep`; returns how many. */
export async function revokeSyncedPasskeySessions(tx: Db, userId: string, keep: string): Promise<number> {
  const { count } = await tx.session.updateMany({
    where: { userId, id: { not: keep }, revokedAt: null, passkey: { backupEligible: true } },
    data: { revokedAt: new Date() },
  });
  return count;
}

/** Revokes every session of the account (its sign-in may be in a stranger's hands). */
export async function revokeAllSessions(tx: Db, userId: string, now: Date = new Date()): Promise<void> {
  await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
}

/** Marks the session as confirmed with a passkey just now (step-up). */
export async function markSessionVerified(tx: Db, session: Pick<Session, "id" | "userId">): Promise<void> {
  await tx.session.updateMany({ where: { id: session.id, userId: session.userId }, data: { verifiedAt: new Date() } });
}

/** This session added a passkey its browser holds: the account pages stop offering to add one here. */
export async function notePasskeyAddedHere(tx: Db, session: Pick<Session, "id" | "userId">): Promise<void> {
  await tx.session.updateMany({ where: { id: session.id, userId: session.userId, needsPasskeyHere: true }, data: { needsPasskeyHere: false } });
}

/** True when this account has never had a session in the browser with this device ID. */
export async function isNewDevice(userId: string, deviceId: string | null, db: Db = prisma): Promise<boolean> {
  if (!deviceId) return true;
  const seen = await db.session.findFirst({ where: { userId, deviceId }, select: { id: true } });
  return !seen;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Decrypting the cookie (an HKDF key derivation and AES-GCM) is most of a signed-in request's
// own CPU, and a browser sends the same token on every request. A token's content never changes,
// so what it decrypted to is remembered until the token expires; whether the session still counts
// is asked of the database on every request regardless (revocation is not cached).
const DECODED_TOKENS_MAX = 10_000;
const decodedTokens = new Map<string, { sid: string; expiresAtMs: number; secret: string }>();

function rememberToken(token: string, sid: string, expiresAtMs: number, secret: string): void {
  if (decodedTokens.size >= DECODED_TOKENS_MAX) decodedTokens.delete(decodedTokens.keys().next().value as string);
  decodedTokens.set(token, { sid, expiresAtMs, secret });
}

/** The session ID inside next-auth's encrypted cookie, or null for a missing, forged or expired cookie. */
export async function sessionIdFromToken(token: string | undefined): Promise<string | null> {
  if (!token) return null;
  const secret = env().authSecret;
  const known = decodedTokens.get(token);
  if (known && known.secret === secret && known.expiresAtMs > Date.now()) return known.sid;
  try {
    const payload = await decode({ token, secret });
    const sid = payload?.sid;
    if (typeof sid !== "string" || !UUID.test(sid)) return null;
    if (typeof payload?.exp === "number") rememberToken(token, sid, payload.exp * 1000, secret);
    return sid;
  } catch {
    return null;
  }
}

async function sessionForToken(token: string | undefined): Promise<ActiveSession | null> {
  const sessionId = await sessionIdFromToken(token);
  return sessionId ? findActiveSession(sessionId) : null;
}

// Pages and route handlers read the cookie with the same parser, so a malformed value counts as
// no session and a duplicated cookie name resolves the same way everywhere.
function sessionForCookieHeader(header: string | null): Promise<ActiveSession | null> {
  return sessionForToken(cookieFromHeader(header, sessionCookieName(env().secure)));
}

/** Like getCurrentSession, from a route handler's own request (no request-scope lookup). */
export async function sessionForRequest(request: Request): Promise<ActiveSession | null> {
  return sessionForCookieHeader(request.headers.get("cookie"));
}

/**
 * The signed-in session for this request, checked against the database every time, so a
 * revoked or expired session is signed out on its next request whatever the cookie says.
 */
export async function getCurrentSession(): Promise<ActiveSession | null> {
  return sessionForCookieHeader((await headers()).get("cookie"));
}

/** For pages: the signed-in session, or a redirect to sign in that comes back to `returnTo`. */
export async function requireSignedIn(returnTo: string): Promise<ActiveSession> {
  const session = await getCurrentSession();
  if (!session) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return session;
}
