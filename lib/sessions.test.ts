import { randomBytes, randomUUID } from "node:crypto";
import { encode, type JWT } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "./db";
import { env } from "./env";
import { createSession, findActiveSession, revokeSession, SESSION_MAX_AGE_SECONDS, sessionIdFromToken } from "./sessions";

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
  it("creates a 30-day session that is found with its user", async () => {
    const before = Date.now();
    const id = await newSession();

    const session = await findActiveSession(id);
    expect(session).toMatchObject({ id, userId, method: "passkey", userAgent: "Vitest", ipAddress: "203.0.113.7", revokedAt: null });
    expect(session?.user).toMatchObject({ id: userId, email: "sessions@example.com" });
    const lifetime = (session?.expiresAt.getTime() ?? 0) - before;
    expect(lifetime).toBeGreaterThanOrEqual(SESSION_MAX_AGE_SECONDS * 1000 - 1000);
    expect(lifetime).toBeLessThanOrEqual(SESSION_MAX_AGE_SECONDS * 1000 + 1000);
    expect(SESSION_MAX_AGE_SECONDS).toBe(30 * 24 * 60 * 60);
  });

  it("is not found once revoked, and revoking twice keeps the first revocation time", async () => {
    const id = await newSession();
    const other = await newSession();
    await revokeSession(id);

    expect(await findActiveSession(id)).toBeNull();
    expect(await findActiveSession(other)).not.toBeNull();
    const revokedAt = (await prisma.session.findUniqueOrThrow({ where: { id } })).revokedAt;
    expect(revokedAt).toBeInstanceOf(Date);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await revokeSession(id);
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
