import "server-only";
import { decode } from "next-auth/jwt";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { recordEvent } from "../activity/activity";
import type { ClientInfo } from "../http/client-info";
import { cookieFromHeader, sessionCookieName } from "../http/cookies";
import { prisma } from "../platform/db";
import { env } from "../platform/env";
import { UserFacingError } from "../platform/errors";
import { Prisma, type Session, type User } from "../../generated/prisma/client";
import { USER_COLUMNS, userFromRow, type UserColumns } from "../accounts/row-mappers";
import { describeUserAgent } from "../activity/user-agent";

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
    userId: string;
    passkeyId: string | null;
    method: SignInMethod;
    userAgent: string | null;
    ipAddress: string | null;
    deviceId?: string | null;
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

export async function revokeSession(sessionId: string): Promise<void> {
  await prisma.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Signs a browser out at its own request (the Sign out button) and records it. */
export async function signOutSession(sessionId: string): Promise<void> {
  const session = await prisma.session.findUnique({ where: { id: sessionId } });
  if (!session || session.revokedAt) return;
  await revokeSession(sessionId);
  await recordEvent({
    userId: session.userId,
    type: "session_signed_out",
    client: { userAgent: session.userAgent, ipAddress: session.ipAddress },
    detail: { scope: "this", device: describeUserAgent(session.userAgent) ?? undefined },
  });
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

/** Signs out one of the owner's other sessions; the current one uses the Sign out button instead. */
export async function signOutOtherSession(current: ActiveSession, targetId: string, client: ClientInfo): Promise<void> {
  const target = targetId === current.id ? null : await prisma.session.findFirst({ where: { id: targetId, userId: current.userId, ...activeWhere(new Date()) } });
  if (!target) {
    throw new UserFacingError("session_not_found", "That device is already signed out. Reload the page to see your signed-in devices.", 404);
  }
  await revokeSession(target.id);
  await recordEvent({
    userId: current.userId,
    type: "session_signed_out",
    client,
    detail: { scope: "other", device: describeUserAgent(target.userAgent) ?? "Unknown device" },
  });
}

/** Signs out every session of the owner except this one; returns how many were signed out. */
export async function signOutEverywhereElse(current: ActiveSession, client: ClientInfo): Promise<number> {
  const { count } = await prisma.session.updateMany({
    where: { userId: current.userId, id: { not: current.id }, ...activeWhere(new Date()) },
    data: { revokedAt: new Date() },
  });
  await recordEvent({ userId: current.userId, type: "session_signed_out", client, detail: { scope: "everywhere-else", count } });
  return count;
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
