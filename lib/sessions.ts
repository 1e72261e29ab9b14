import "server-only";
import { decode } from "next-auth/jwt";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { recordEvent } from "./activity";
import type { ClientInfo } from "./client-info";
import { cookieFromHeader, sessionCookieName } from "./cookies";
import { prisma } from "./db";
import { env } from "./env";
import { UserFacingError } from "./errors";
import type { Prisma, Session, User } from "./generated/prisma/client";
import { describeUserAgent } from "./user-agent";

// Writing last-seen on every request would turn every page view into a disk sync; the idle
// expiry is therefore accurate to this interval.
const TOUCH_INTERVAL_MS = 60 * 1000;

export type ActiveSession = Session & { user: User };

export type SignInMethod = "passkey" | "signup" | "recovery";

type Db = Pick<Prisma.TransactionClient, "session">;

/**
 * Opens a database session. A passkey sign-in (or sign-up) is a fresh passkey check; a recovery
 * code is not one: that session must add a passkey and confirm with it before sensitive changes
 * (see lib/step-up.ts), so a phished code alone cannot delete the account or its passkeys.
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

export async function findActiveSession(sessionId: string): Promise<ActiveSession | null> {
  const now = new Date();
  const session = await prisma.session.findFirst({
    where: { id: sessionId, ...activeWhere(now) },
    include: { user: true },
  });
  if (!session) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  return session;
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

/** The session ID inside next-auth's encrypted cookie, or null for a missing or forged cookie. */
export async function sessionIdFromToken(token: string | undefined): Promise<string | null> {
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: env().authSecret });
    const sid = payload?.sid;
    return typeof sid === "string" && UUID.test(sid) ? sid : null;
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
