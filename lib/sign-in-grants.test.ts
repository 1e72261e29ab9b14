import { createHash, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "./db";
import { issueSignInGrant, redeemSignInGrant } from "./sign-in-grants";

let userId: string;
let passkeyId: string;

beforeAll(async () => {
  const user = await prisma.user.create({
    data: {
      email: "grants@example.com",
      displayName: "Grant Holder",
      userHandle: randomBytes(32).toString("base64url"),
      passkeys: {
        create: {
          credentialId: "grant-credential",
          publicKey: new Uint8Array([1, 2, 3]),
          deviceType: "singleDevice",
          backupEligible: false,
          backedUp: false,
          name: "Passkey",
        },
      },
    },
    include: { passkeys: true },
  });
  userId = user.id;
  passkeyId = user.passkeys[0].id;
});

function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

describe("sign-in grants", () => {
  it("is redeemable exactly once", async () => {
    const token = await issueSignInGrant({ userId, passkeyId, method: "passkey" });

    expect(await redeemSignInGrant(token)).toEqual({ userId, passkeyId, method: "passkey", deviceId: null });
    expect(await redeemSignInGrant(token)).toBeNull();
    expect(await prisma.signInGrant.count({ where: { tokenHash: sha256Hex(token) } })).toBe(0);
  });

  it("is a 256-bit random token of which only the hash is stored, valid for about a minute", async () => {
    const before = Date.now();
    const token = await issueSignInGrant({ userId, passkeyId, method: "signup" });

    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await prisma.signInGrant.findUniqueOrThrow({ where: { tokenHash: sha256Hex(token) } });
    expect(Object.values(row)).not.toContain(token);
    expect(row.expiresAt.getTime() - before).toBeGreaterThan(50_000);
    expect(row.expiresAt.getTime() - before).toBeLessThanOrEqual(61_000);
    expect(await issueSignInGrant({ userId, passkeyId, method: "signup" })).not.toBe(token);
  });

  it("cannot be redeemed once expired, and is deleted by the attempt", async () => {
    const token = await issueSignInGrant({ userId, passkeyId, method: "passkey" });
    await prisma.signInGrant.update({ where: { tokenHash: sha256Hex(token) }, data: { expiresAt: new Date(Date.now() - 1) } });

    expect(await redeemSignInGrant(token)).toBeNull();
    expect(await prisma.signInGrant.count({ where: { tokenHash: sha256Hex(token) } })).toBe(0);
  });

  it("redeems nothing for an unknown, empty or hash-as-token value", async () => {
    const token = await issueSignInGrant({ userId, passkeyId, method: "passkey" });
    expect(await redeemSignInGrant("")).toBeNull();
    expect(await redeemSignInGrant(randomBytes(32).toString("base64url"))).toBeNull();
    expect(await redeemSignInGrant(sha256Hex(token))).toBeNull();
    expect(await redeemSignInGrant(token)).toMatchObject({ userId });
  });

  it("lets only one of two simultaneous redemptions succeed", async () => {
    const token = await issueSignInGrant({ userId, passkeyId, method: "passkey" });
    const results = await Promise.all([redeemSignInGrant(token), redeemSignInGrant(token), redeemSignInGrant(token)]);
    expect(results.filter((result) => result !== null)).toHaveLength(1);
  });

  it("sweeps expired grants when a new one is issued", async () => {
    const stale = await issueSignInGrant({ userId, passkeyId, method: "passkey" });
    await prisma.signInGrant.update({ where: { tokenHash: sha256Hex(stale) }, data: { expiresAt: new Date(Date.now() - 1) } });

    await issueSignInGrant({ userId, passkeyId, method: "passkey" });

    expect(await prisma.signInGrant.count({ where: { tokenHash: sha256Hex(stale) } })).toBe(0);
    expect(await prisma.signInGrant.count({ where: { expiresAt: { lt: new Date() } } })).toBe(0);
  });
});
