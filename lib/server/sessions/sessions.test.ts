import { randomBytes, randomUUID } from "node:crypto";
import { encode, type JWT } from "next-auth/jwt";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "../platform/db";
import { env } from "../platform/env";
import {
  createSession,
  findActiveSession,
  isNewDevice,
  listActiveSessions,
  revokeSession,
  sessionForRequest,
  sessionIdFromToken,
  type ActiveSession,
} from "./sessions";
import { signOutEverywhereElse, signOutOtherSession, signOutSession } from "./sign-out";
import { sessionCookie } from "../../testing/cookies";
import { createUser, openSession, signUpAccount } from "../../testing/factories";
import { expectUserFacingError } from "../../testing/refusals";
import { ORIGIN } from "../../testing/route-harness";

const DAY_MS = 24 * 60 * 60 * 1000;

let userId: string;

beforeAll(async () => {
  const user = await prisma.user.create({
    data: { email: "sessions@example.com", displayName: "Session Holder", userHandle: randomBytes(32).toString("base64url") },
  });
  userId = user.id;
});

function newSession(): Promise<string> {
  return createSession({ userId, passkeyId: null, method: "passkey", userAgent: "Vitest", ipAddress: "203.0.113.7" });
}

describe("database sessions", () => {
  it("reads a session with its account exactly as Prisma does (one statement, mapped by hand)", async () => {
    const id = await newSession();
    const found = await findActiveSession(id);
    expect(found).toEqual(await prisma.session.findUniqueOrThrow({ where: { id }, include: { user: true } }));
  });

  it("creates a 30-day session that is found with its user", async () => {
    const before = Date.now();
    const id = await newSession();

    const session = await findActiveSession(id);
    expect(session).toMatchObject({ id, userId, method: "passkey", userAgent: "Vitest", ipAddress: "203.0.113.7", revokedAt: null });
    expect(session?.user).toMatchObject({ id: userId, email: "sessions@example.com" });
    expect(env().sessionMaxMs).toBe(30 * DAY_MS);
    const lifetime = (session?.expiresAt.getTime() ?? 0) - before;
    expect(lifetime).toBeGreaterThanOrEqual(30 * DAY_MS - 1000);
    expect(lifetime).toBeLessThanOrEqual(30 * DAY_MS + 1000);
  });

  it("is not found once revoked, and revoking twice keeps the first revocation time", async () => {
    const id = await newSession();
    const other = await newSession();
    await revokeSession(id);

    expect(await findActiveSession(id)).toBeNull();
    expect(await findActiveSession(other)).not.toBeNull();
    const revokedAt = (await prisma.session.findUniqueOrThrow({ where: { id } })).revokedAt;
    expect(revokedAt).toBeInstanceOf(Date);
    // A minute later, on a clock that moved for certain (no sleeping).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 60_000 });
    try {
      await revokeSession(id);
    } finally {
      vi.useRealTimers();
    }
    expect((await prisma.session.findUniqueOrThrow({ where: { id } })).revokedAt).toEqual(revokedAt);
  });

  it("is not found once expired", async () => {
    const id = await newSession();
    await prisma.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await findActiveSession(id)).toBeNull();
  });

  it("is not found for an ID that never existed", async () => {
    expect(await findActiveSession(randomUUID())).toBeNull();
  });

  it("refreshes last-seen only when it is more than a minute old", async () => {
    const id = await newSession();
    const recent = new Date(Date.now() - 30_000);
    await prisma.session.update({ where: { id }, data: { lastSeenAt: recent } });
    await findActiveSession(id);
    expect((await prisma.session.findUniqueOrThrow({ where: { id } })).lastSeenAt).toEqual(recent);

    await prisma.session.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - 120_000) } });
    const before = Date.now();
    await findActiveSession(id);
    expect((await prisma.session.findUniqueOrThrow({ where: { id } })).lastSeenAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });
});

const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const CLIENT = { ipAddress: "198.51.100.9", userAgent: "Vitest client" };

async function activeSession(id: string): Promise<ActiveSession> {
  const session = await findActiveSession(id);
  if (!session) throw new Error(`session ${id} is not active`);
  return session;
}

async function revokedAt(id: string): Promise<Date | null> {
  return (await prisma.session.findUniqueOrThrow({ where: { id } })).revokedAt;
}

async function setTimes(id: string, times: { lastSeenAt?: Date; expiresAt?: Date }): Promise<void> {
  await prisma.session.update({ where: { id }, data: times });
}

describe("session expiry", () => {
  it("ends a session left idle longer than SESSION_IDLE_MINUTES, a week by default", async () => {
    expect(env().sessionIdleMs).toBe(7 * DAY_MS);
    const nearlyIdle = await newSession();
    const idle = await newSession();
    await setTimes(nearlyIdle, { lastSeenAt: new Date(Date.now() - env().sessionIdleMs + 60_000) });
    await setTimes(idle, { lastSeenAt: new Date(Date.now() - env().sessionIdleMs - 1000) });

    expect(await findActiveSession(idle)).toBeNull();
    expect(await findActiveSession(nearlyIdle)).not.toBeNull();
  });

  it("slides the idle expiry with activity but never the absolute one", async () => {
    const id = await newSession();
    const { expiresAt } = await prisma.session.findUniqueOrThrow({ where: { id } });
    await setTimes(id, { lastSeenAt: new Date(Date.now() - 6 * DAY_MS) });
    const before = Date.now();

    await activeSession(id);
    const touched = await prisma.session.findUniqueOrThrow({ where: { id } });
    expect(touched.lastSeenAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(touched.expiresAt).toEqual(expiresAt);

    // Active a second ago, but signed in longer ago than SESSION_MAX_DAYS.
    await setTimes(id, { expiresAt: new Date(Date.now() - 1000) });
    expect(await findActiveSession(id)).toBeNull();
  });

  it("follows SESSION_IDLE_MINUTES and SESSION_MAX_DAYS", async () => {
    vi.stubEnv("SESSION_IDLE_MINUTES", "30");
    vi.stubEnv("SESSION_MAX_DAYS", "0.5");
    vi.resetModules();
    try {
      const configured = await import("./sessions");
      const before = Date.now();
      const id = await configured.createSession({ userId, passkeyId: null, method: "passkey", userAgent: null, ipAddress: null });
      const { expiresAt } = await prisma.session.findUniqueOrThrow({ where: { id } });
      expect(expiresAt.getTime() - before).toBeGreaterThanOrEqual(DAY_MS / 2 - 1000);
      expect(expiresAt.getTime() - before).toBeLessThanOrEqual(DAY_MS / 2 + 1000);

      await setTimes(id, { lastSeenAt: new Date(Date.now() - 29 * 60_000) });
      expect(await configured.findActiveSession(id)).not.toBeNull();
      await setTimes(id, { lastSeenAt: new Date(Date.now() - 31 * 60_000) });
      expect(await configured.findActiveSession(id)).toBeNull();
      // The same session under the default week-long idle limit is still signed in.
      expect(await findActiveSession(id)).not.toBeNull();
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

describe("listActiveSessions", () => {
  it("lists the account's signed-in sessions, most recently active first, with the passkey used", async () => {
    const { user, passkey, sessionId: signUpSession } = await signUpAccount();
    await revokeSession(signUpSession);
    const other = await signUpAccount();
    const withPasskey = await openSession(user.id, { passkeyId: passkey.id });
    const withRecoveryCode = await openSession(user.id, { method: "recovery" });
    await setTimes(withPasskey.id, { lastSeenAt: new Date(Date.now() - 10 * 60_000) });
    const revoked = await openSession(user.id, { passkeyId: passkey.id });
    await revokeSession(revoked.id);
    const expired = await openSession(user.id);
    await setTimes(expired.id, { expiresAt: new Date(Date.now() - 1000) });
    const idle = await openSession(user.id);
    await setTimes(idle.id, { lastSeenAt: new Date(Date.now() - 8 * DAY_MS) });
    await openSession(other.user.id, { passkeyId: other.passkey.id });

    const sessions = await listActiveSessions(user.id);
    expect(sessions.map((session) => session.id)).toEqual([withRecoveryCode.id, withPasskey.id]);
    expect(sessions[0]).toMatchObject({ method: "recovery", passkey: null });
    expect(sessions[1]).toMatchObject({ method: "passkey", passkey: { name: passkey.name } });
  });
});

describe("signOutOtherSession", () => {
  it("signs out another of the owner's sessions and records which device it was", async () => {
    const owner = await createUser();
    const current = await openSession(owner.id);
    const target = await openSession(owner.id, { userAgent: FIREFOX_ON_WINDOWS });

    await signOutOtherSession(await activeSession(current.id), target.id, CLIENT);

    expect(await findActiveSession(target.id)).toBeNull();
    expect(await revokedAt(target.id)).toBeInstanceOf(Date);
    expect(await findActiveSession(current.id)).not.toBeNull();
    const events = await prisma.securityEvent.findMany({ where: { userId: owner.id } });
    expect(events).toEqual([
      expect.objectContaining({
        type: "session_signed_out",
        detail: { scope: "other", device: "Firefox on Windows" },
        ipAddress: CLIENT.ipAddress,
        userAgent: CLIENT.userAgent,
      }),
    ]);
  });

  it("answers the current session, another account's, a revoked one or an unknown ID as not found", async () => {
    const owner = await createUser();
    const current = await openSession(owner.id);
    const stranger = await openSession((await createUser()).id);
    const revoked = await openSession(owner.id);
    await revokeSession(revoked.id);
    const session = await activeSession(current.id);

    for (const targetId of [current.id, stranger.id, revoked.id, randomUUID()]) {
      await expectUserFacingError(signOutOtherSession(session, targetId, CLIENT), "session_not_found", 404);
    }
    expect(await findActiveSession(current.id)).not.toBeNull();
    expect(await findActiveSession(stranger.id)).not.toBeNull();
    expect(await prisma.securityEvent.count({ where: { userId: owner.id } })).toBe(0);
  });
});

describe("signOutEverywhereElse", () => {
  it("keeps only the current session, counts the ones it signed out and leaves other accounts alone", async () => {
    const owner = await createUser();
    const current = await openSession(owner.id);
    const others = await Promise.all([openSession(owner.id), openSession(owner.id), openSession(owner.id)]);
    const revoked = await openSession(owner.id);
    await revokeSession(revoked.id);
    const firstRevocation = await revokedAt(revoked.id);
    const expired = await openSession(owner.id);
    await setTimes(expired.id, { expiresAt: new Date(Date.now() - 1000) });
    const stranger = await openSession((await createUser()).id);

    expect(await signOutEverywhereElse(await activeSession(current.id), CLIENT)).toBe(3);

    expect((await listActiveSessions(owner.id)).map((session) => session.id)).toEqual([current.id]);
    for (const other of others) expect(await revokedAt(other.id)).toBeInstanceOf(Date);
    expect(await revokedAt(revoked.id)).toEqual(firstRevocation);
    expect(await findActiveSession(stranger.id)).not.toBeNull();
    const event = await prisma.securityEvent.findFirstOrThrow({ where: { userId: owner.id } });
    expect(event).toMatchObject({ type: "session_signed_out", detail: { scope: "everywhere-else", count: 3 }, ipAddress: CLIENT.ipAddress });
  });
});

describe("signOutSession", () => {
  it("revokes the session and records it once, with the session's own device", async () => {
    const owner = await createUser();
    const session = await openSession(owner.id, { userAgent: FIREFOX_ON_WINDOWS, ipAddress: "203.0.113.50" });

    await signOutSession(session.id);
    await signOutSession(session.id);

    expect(await findActiveSession(session.id)).toBeNull();
    const events = await prisma.securityEvent.findMany({ where: { userId: owner.id } });
    expect(events).toEqual([
      expect.objectContaining({ type: "session_signed_out", detail: { scope: "this", device: "Firefox on Windows" }, ipAddress: "203.0.113.50" }),
    ]);
  });
});

describe("isNewDevice", () => {
  it("is false only for a device ID this account has had a session on, even a signed-out one", async () => {
    const owner = await createUser();
    const someoneElse = await createUser();
    const deviceId = randomBytes(16).toString("base64url");
    expect(await isNewDevice(owner.id, deviceId)).toBe(true);

    const session = await openSession(owner.id, { deviceId });
    await revokeSession(session.id);

    expect(await isNewDevice(owner.id, deviceId)).toBe(false);
    expect(await isNewDevice(someoneElse.id, deviceId)).toBe(true);
    expect(await isNewDevice(owner.id, randomBytes(16).toString("base64url"))).toBe(true);
    // A browser without a device cookie is never recognised.
    expect(await isNewDevice(owner.id, null)).toBe(true);
  });
});

describe("sessionForRequest", () => {
  function requestWithCookie(cookie: string | null): Request {
    return new Request(`${ORIGIN}/api/account/sessions/sign-out-others`, { method: "POST", headers: cookie ? { cookie } : {} });
  }

  it("finds the session named by the request's session cookie among its other cookies", async () => {
    const session = await openSession(userId);
    const found = await sessionForRequest(requestWithCookie(`portal.device=abc; ${session.cookie}; theme=dark`));
    expect(found).toMatchObject({ id: session.id, userId });
  });

  it("finds nothing without the cookie, under another cookie name, or for a revoked session", async () => {
    const session = await openSession(userId);
    const token = session.cookie.slice(session.cookie.indexOf("=") + 1);
    expect(await sessionForRequest(requestWithCookie(null))).toBeNull();
    expect(await sessionForRequest(requestWithCookie(`__Secure-portal.session=${token}`))).toBeNull();

    await revokeSession(session.id);
    expect(await sessionForRequest(requestWithCookie(await sessionCookie(session.id)))).toBeNull();
  });
});

describe("sessionIdFromToken", () => {
  const secret = (): string => env().authSecret;

  it("reads the session ID out of a next-auth token made with this site's secret", async () => {
    const sid = randomUUID();
    expect(await sessionIdFromToken(await encode({ token: { sid }, secret: secret() }))).toBe(sid);
  });

  it("refuses a token encrypted with another secret", async () => {
    const token = await encode({ token: { sid: randomUUID() }, secret: "another-secret-that-is-long-enough-0123456789" });
    expect(await sessionIdFromToken(token)).toBeNull();
  });

  it("refuses an expired token", async () => {
    const token = await encode({ token: { sid: randomUUID() }, secret: secret(), maxAge: -60 });
    expect(await sessionIdFromToken(token)).toBeNull();
  });

  it("refuses a token that was tampered with", async () => {
    const token = await encode({ token: { sid: randomUUID() }, secret: secret() });
    const parts = token.split(".");
    const ciphertext = Buffer.from(parts[3], "base64url");
    ciphertext[0] ^= 0x01;
    parts[3] = ciphertext.toString("base64url");
    expect(await sessionIdFromToken(parts.join("."))).toBeNull();
  });

  it.each([
    ["no sid", {}],
    // Our JWT type says sid is a string; a forger is not bound by it.
    ["a numeric sid", { sid: 42 } as unknown as JWT],
    ["a sid that is not a UUID", { sid: "'; DROP TABLE sessions; --" }],
    ["a user ID instead of a sid", { sub: randomUUID() }],
  ] satisfies [string, JWT][])("refuses a genuine token with %s", async (_label, payload) => {
    expect(await sessionIdFromToken(await encode({ token: payload, secret: secret() }))).toBeNull();
  });

  it.each([undefined, "", "garbage", "a.b.c.d.e", "eyJhbGciOiJub25lIn0.eyJzaWQiOiJ4In0."])("refuses %j", async (token) => {
    expect(await sessionIdFromToken(token)).toBeNull();
  });
});
