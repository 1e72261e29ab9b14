import "server-only";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { sessionCookieName } from "./cookies";
import { prisma } from "./db";
import { env } from "./env";
import type { Session, User } from "./generated/prisma/client";
import type { SignInMethod } from "./sign-in-grants";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
// Writing last-seen on every request would turn every page view into a disk sync.
const TOUCH_INTERVAL_MS = 60 * 1000;

export type ActiveSession = Session & { user: User };

export async function createSession(input: {
  userId: string;
  passkeyId: string | null;
  method: SignInMethod;
  userAgent: string | null;
  ipAddress: string | null;
}): Promise<string> {
  const session = await prisma.session.create({
    data: { ...input, expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000) },
  });
  return session.id;
}

export async function findActiveSession(sessionId: string): Promise<ActiveSession | null> {
  const session = await prisma.session.findFirst({
    where: { id: sessionId, revokedAt: null, expiresAt: { gt: new Date() } },
    include: { user: true },
  });
  if (!session) return null;
  if (Date.now() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date() } });
  }
  return session;
}

export async function revokeSession(sessionId: string): Promise<void> {
  await prisma.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
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

/**
 * The signed-in session for this request, checked against the database every time, so a
 * revoked or expired session is signed out on its next request whatever the cookie says.
 */
export async function getCurrentSession(): Promise<ActiveSession | null> {
  const jar = await cookies();
  const sessionId = await sessionIdFromToken(jar.get(sessionCookieName(env().secure))?.value);
  return sessionId ? findActiveSession(sessionId) : null;
}
