import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { describe, expect, it, vi } from "vitest";
import { finishAuthentication, startAuthentication, startStepUp } from "./authentication";
import { prisma } from "./db";
import { env } from "./env";
import { createSession } from "./sessions";
import { finishStepUp, isRecentlyVerified, requireRecentVerification } from "./step-up";

const STEP_UP_WINDOW_MS = 5 * 60 * 1000;
import { addPasskeyTo, expectUserFacingError, ORIGIN, signUpAccount, type SignedUpAccount } from "./testing/ceremony-helpers";

const LONG_AGO = new Date(Date.now() - 60 * 60 * 1000);

/** A signed-in session of this account whose last verification was an hour ago. */
async function staleSession(account: SignedUpAccount): Promise<{ id: string; userId: string }> {
  const id = await createSession({ userId: account.user.id, passkeyId: account.passkey.id, method: "passkey", userAgent: null, ipAddress: null });
  await prisma.session.update({ where: { id }, data: { verifiedAt: LONG_AGO } });
  return { id, userId: account.user.id };
}

async function verifiedAt(sessionId: string): Promise<Date> {
  return (await prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).verifiedAt;
}

async function stepUpAssertion(account: SignedUpAccount): Promise<AuthenticationResponseJSON> {
  return account.authenticator.getAssertion(await startStepUp(account.user), { origin: ORIGIN });
}

describe("isRecentlyVerified and requireRecentVerification", () => {
  it("allows five minutes unless configured otherwise", () => {
    expect(env().stepUpWindowMs).toBe(5 * 60 * 1000);
  });

  it("counts a verification exactly at the edge of the window as recent, one millisecond later as stale", () => {
    const verified = new Date("2026-03-01T12:00:00Z");
    const now = verified.getTime();
    expect(isRecentlyVerified({ verifiedAt: verified }, now)).toBe(true);
    expect(isRecentlyVerified({ verifiedAt: verified }, now + STEP_UP_WINDOW_MS)).toBe(true);
    expect(isRecentlyVerified({ verifiedAt: verified }, now + STEP_UP_WINDOW_MS + 1)).toBe(false);
  });

  it("passes a session verified a moment ago and refuses one verified just over five minutes ago", async () => {
    expect(() => requireRecentVerification({ verifiedAt: new Date(Date.now() - STEP_UP_WINDOW_MS + 2000) })).not.toThrow();
    await expectUserFacingError(
      (async () => requireRecentVerification({ verifiedAt: new Date(Date.now() - STEP_UP_WINDOW_MS - 2000) }))(),
      "step_up_required",
      403,
    );
  });

  it("follows STEP_UP_WINDOW_SECONDS", async () => {
    vi.stubEnv("STEP_UP_WINDOW_SECONDS", "60");
    vi.resetModules();
    try {
      const configured = await import("./step-up");
      const verified = new Date("2026-03-01T12:00:00Z");
      expect(configured.isRecentlyVerified({ verifiedAt: verified }, verified.getTime() + 60_000)).toBe(true);
      expect(configured.isRecentlyVerified({ verifiedAt: verified }, verified.getTime() + 60_001)).toBe(false);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it("treats a newly signed-in session as verified", async () => {
    const account = await signUpAccount();
    const id = await createSession({ userId: account.user.id, passkeyId: account.passkey.id, method: "passkey", userAgent: null, ipAddress: null });
    const session = await prisma.session.findUniqueOrThrow({ where: { id } });
    expect(() => requireRecentVerification(session)).not.toThrow();
  });
});

describe("finishStepUp", () => {
  it("marks only this session as just verified after an assertion by one of its account's passkeys", async () => {
    const account = await signUpAccount();
    const { authenticator: key, passkey: keyPasskey } = await addPasskeyTo(account.user, { transports: ["usb"], attachment: "cross-platform" });
    const session = await staleSession(account);
    const otherSession = await staleSession(account);

    const options = await startStepUp(account.user);
    expect(options.allowCredentials?.map((credential) => credential.id).sort()).toEqual([account.passkey.credentialId, keyPasskey.credentialId].sort());
    const before = Date.now();
    await finishStepUp(session, await key.getAssertion(options, { origin: ORIGIN }), "Step-up UA");

    expect((await verifiedAt(session.id)).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(isRecentlyVerified({ verifiedAt: await verifiedAt(session.id) })).toBe(true);
    expect(await verifiedAt(otherSession.id)).toEqual(LONG_AGO);
    expect(await prisma.passkey.findUniqueOrThrow({ where: { id: keyPasskey.id } })).toMatchObject({ counter: 1n, lastUsedUserAgent: "Step-up UA" });
  });

  it("refuses another account's passkey signing this account's step-up challenge", async () => {
    const victim = await signUpAccount();
    const attacker = await signUpAccount();
    const session = await staleSession(victim);
    const options = await startStepUp(victim.user);
    const forged = await attacker.authenticator.getAssertion(options, { origin: ORIGIN, credentialId: attacker.passkey.credentialId });

    await expectUserFacingError(finishStepUp(session, forged, null), "wrong_account", 401);
    expect(await verifiedAt(session.id)).toEqual(LONG_AGO);
    expect((await prisma.passkey.findUniqueOrThrow({ where: { id: attacker.passkey.id } })).lastUsedAt).toBeNull();
  });

  it("refuses a step-up that another account completed for itself", async () => {
    const victim = await signUpAccount();
    const attacker = await signUpAccount();
    const session = await staleSession(victim);

    await expectUserFacingError(finishStepUp(session, await stepUpAssertion(attacker), null), "challenge_invalid", 400);
    expect(await verifiedAt(session.id)).toEqual(LONG_AGO);
  });

  it.each([
    ["an email-first sign-in", (account: SignedUpAccount) => startAuthentication({ email: account.user.email })],
    ["a passkey-autofill sign-in", () => startAuthentication({})],
  ])("refuses an assertion over the challenge of %s", async (_label, start) => {
    const account = await signUpAccount();
    const session = await staleSession(account);
    const assertion = await account.authenticator.getAssertion(await start(account), { origin: ORIGIN });

    await expectUserFacingError(finishStepUp(session, assertion, null), "challenge_invalid", 400);
    expect(await verifiedAt(session.id)).toEqual(LONG_AGO);
    // Single-use: the refused attempt spent the sign-in challenge too.
    await expectUserFacingError(finishAuthentication(assertion), "challenge_invalid", 400);
  });

  it("cannot be used to sign in: a step-up assertion is refused by sign-in and spent", async () => {
    const account = await signUpAccount();
    const session = await staleSession(account);
    const assertion = await stepUpAssertion(account);

    await expectUserFacingError(finishAuthentication(assertion), "challenge_invalid", 400);
    expect((await prisma.passkey.findUniqueOrThrow({ where: { id: account.passkey.id } })).lastUsedAt).toBeNull();
    await expectUserFacingError(finishStepUp(session, assertion, null), "challenge_invalid", 400);
    expect(await verifiedAt(session.id)).toEqual(LONG_AGO);
  });

  it("refuses the same step-up assertion a second time", async () => {
    const account = await signUpAccount();
    const session = await staleSession(account);
    const assertion = await stepUpAssertion(account);
    await finishStepUp(session, assertion, null);
    await prisma.session.update({ where: { id: session.id }, data: { verifiedAt: LONG_AGO } });

    await expectUserFacingError(finishStepUp(session, assertion, null), "challenge_invalid", 400);
    expect(await verifiedAt(session.id)).toEqual(LONG_AGO);
  });

  it("refuses a synced passkey while the account allows only device-bound ones", async () => {
    const account = await signUpAccount({ authenticator: { backupEligible: true, backedUp: true } });
    const { passkey: deviceBound } = await addPasskeyTo(account.user);
    const user = await prisma.user.update({ where: { id: account.user.id }, data: { deviceBoundOnly: true } });
    const session = await staleSession(account);

    const options = await startStepUp(user);
    expect(options.allowCredentials?.map((credential) => credential.id)).toEqual([deviceBound.credentialId]);
    const synced = await account.authenticator.getAssertion(options, { origin: ORIGIN, credentialId: account.passkey.credentialId });
    await expectUserFacingError(finishStepUp(session, synced, null), "synced_not_allowed", 403);
    expect(await verifiedAt(session.id)).toEqual(LONG_AGO);
  });
});
