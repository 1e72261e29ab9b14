import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { redeemSignInGrant } from "@/lib/sign-in-grants";
import {
  ORIGIN,
  registerUser,
  signInOptions,
  verifyAuthentication,
  type RegisteredUser,
} from "@/lib/testing/ceremony-helpers";

async function passkeyOf(user: RegisteredUser) {
  return prisma.passkey.findUniqueOrThrow({ where: { id: user.passkeyId } });
}

describe("sign-in through the route handlers", () => {
  it("signs in without an email using the discoverable passkey, and records its use", async () => {
    const user = await registerUser({ authenticator: { backupEligible: true, backedUp: false } });
    expect(await passkeyOf(user)).toMatchObject({ counter: 0n, lastUsedAt: null, backedUp: false });

    const options = await signInOptions();
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(options.userVerification).toBe("required");
    expect(options.rpId).toBe("localhost");
    const stored = await prisma.challenge.findUniqueOrThrow({ where: { challenge: options.challenge } });
    expect(stored).toMatchObject({ purpose: "authentication", userId: null });

    // The provider has since synced the passkey: the backup state must follow.
    user.authenticator.options.backedUp = true;
    const before = Date.now();
    const result = await verifyAuthentication(await user.authenticator.getAssertion(options, { origin: ORIGIN }));

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const passkey = await passkeyOf(user);
    expect(passkey.counter).toBe(1n);
    expect(passkey.backedUp).toBe(true);
    expect(passkey.deviceType).toBe("multiDevice");
    expect(passkey.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(await prisma.challenge.count({ where: { challenge: options.challenge } })).toBe(0);

    const { grant } = result.body as { grant: string };
    expect(await redeemSignInGrant(grant)).toEqual({ userId: user.userId, passkeyId: user.passkeyId, method: "passkey", deviceId: expect.stringMatching(/^[\w-]{22}$/) });
    expect(await redeemSignInGrant(grant)).toBeNull();
  });

  it("with an email, allows only that account's passkeys and binds the challenge to the account", async () => {
    const alice = await registerUser();
    const bob = await registerUser();

    const options = await signInOptions(`  ${alice.email.toUpperCase()}  `);

    expect(options.allowCredentials).toEqual([{ id: alice.credentialId, type: "public-key", transports: ["internal"] }]);
    expect(options.allowCredentials?.map((c) => c.id)).not.toContain(bob.credentialId);
    const stored = await prisma.challenge.findUniqueOrThrow({ where: { challenge: options.challenge } });
    expect(stored).toMatchObject({ purpose: "authentication", userId: alice.userId });

    const result = await verifyAuthentication(await alice.authenticator.getAssertion(options, { origin: ORIGIN }));
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(await passkeyOf(alice)).toMatchObject({ counter: 1n, backedUp: false });
    expect(await passkeyOf(bob)).toMatchObject({ counter: 0n, lastUsedAt: null });

    const { grant } = result.body as { grant: string };
    expect(await redeemSignInGrant(grant)).toMatchObject({ userId: alice.userId, passkeyId: alice.passkeyId });
  });

  it("tracks the counter across repeated sign-ins", async () => {
    const user = await registerUser();
    for (const expected of [1n, 2n, 3n]) {
      const assertion = await user.authenticator.getAssertion(await signInOptions(user.email), { origin: ORIGIN });
      expect((await verifyAuthentication(assertion)).status).toBe(200);
      expect((await passkeyOf(user)).counter).toBe(expected);
    }
  });

  it("issues a fresh grant per sign-in, each redeemable exactly once", async () => {
    const user = await registerUser();
    const grants: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const assertion = await user.authenticator.getAssertion(await signInOptions(), { origin: ORIGIN });
      const result = await verifyAuthentication(assertion);
      grants.push((result.body as { grant: string }).grant);
    }
    expect(grants[0]).not.toBe(grants[1]);
    expect(await redeemSignInGrant(grants[1])).toMatchObject({ userId: user.userId });
    expect(await redeemSignInGrant(grants[0])).toMatchObject({ userId: user.userId });
    expect(await redeemSignInGrant(grants[0])).toBeNull();
    expect(await redeemSignInGrant(grants[1])).toBeNull();
  });
});
