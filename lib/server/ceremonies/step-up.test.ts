import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { describe, expect, it, vi } from "vitest";
import { startAuthentication } from "./authentication";
import { prisma } from "../platform/db";
import { env } from "../platform/env";
import type { User } from "../../generated/prisma/client";
import { createSession, type SignInMethod } from "../sessions/sessions";
import { finishStepUp, startStepUp } from "./step-up";
import { isRecentlyVerified, requireMayAddPasskey, requireRecentVerification } from "../sessions/verification";
import { finishSignIn } from "../../testing/ceremonies";
import { addPasskeyTo, openSession, type SignedInSession, type SignedUpAccount, signUpAccount } from "../../testing/factories";
import { expectUserFacingError } from "../../testing/refusals";
import { ORIGIN, TEST_DEVICE_ID } from "../../testing/route-harness";

const STEP_UP_WINDOW_MS = 5 * 60 * 1000;
const LONG_AGO = new Date(Date.now() - 60 * 60 * 1000);

/** A signed-in session of this account whose last verification was an hour ago. */
async function staleSession(account: { user: User }, method: SignInMethod = "passkey"): Promise<SignedInSession> {
  const session = await openSession(account.user.id, { method, userAgent: null });
  const row = await prisma.session.update({ where: { id: session.id }, data: { verifiedAt: method === "recovery" ? null : LONG_AGO } });
  return { ...session, ...row };
}

async function verifiedAt(sessionId: string): Promise<Date | null> {
  return (await prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).verifiedAt;
}

/** The account's own passkey answering a step-up challenge issued to `session` (by default a new session of its own). */
async function stepUpAssertion(account: SignedUpAccount, session?: SignedInSession): Promise<AuthenticationResponseJSON> {
  return account.authenticator.getAssertion(await startStepUp(session ?? (await staleSession(account))), { origin: ORIGIN });
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
      const configured = await import("../sessions/verification");
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

    const options = await startStepUp(session);
    expect(options.allowCredentials?.map((credential) => credential.id).sort()).toEqual([account.passkey.credentialId, keyPasskey.credentialId].sort());
    const before = Date.now();
    await finishStepUp(session, await key.getAssertion(options, { origin: ORIGIN }), "Step-up UA");

    expect((await verifiedAt(session.id))?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(isRecentlyVerified({ verifiedAt: await verifiedAt(session.id) })).toBe(true);
    expect(await verifiedAt(otherSession.id)).toEqual(LONG_AGO);
    expect(await prisma.passkey.findUniqueOrThrow({ where: { id: keyPasskey.id } })).toMatchObject({ counter: 1n, lastUsedUserAgent: "Step-up UA" });
  });

  it("refuses another account's passkey signing this account's step-up challenge", async () => {
    const victim = await signUpAccount();
    const attacker = await signUpAccount();
    const session = await staleSession(victim);
    const options = await startStepUp(session);
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
    ["an email-first sign-in", (account: SignedUpAccount) => startAuthentication({ email: account.user.email, binding: TEST_DEVICE_ID })],
    ["a passkey-autofill sign-in", () => startAuthentication({ binding: TEST_DEVICE_ID })],
  ])("refuses an assertion over the challenge of %s", async (_label, start) => {
    const account = await signUpAccount();
    const session = await staleSession(account);
    const assertion = await account.authenticator.getAssertion(await start(account), { origin: ORIGIN });

    await expectUserFacingError(finishStepUp(session, assertion, null), "challenge_invalid", 400);
    expect(await verifiedAt(session.id)).toEqual(LONG_AGO);
    // Single-use: the refused attempt spent the sign-in challenge too.
    await expectUserFacingError(finishSignIn(assertion), "challenge_invalid", 400);
  });

  it("cannot be used to sign in: a step-up assertion is refused by sign-in and spent", async () => {
    const account = await signUpAccount();
    const session = await staleSession(account);
    const assertion = await stepUpAssertion(account, session);

    await expectUserFacingError(finishSignIn(assertion), "challenge_invalid", 400);
    expect((await prisma.passkey.findUniqueOrThrow({ where: { id: account.passkey.id } })).lastUsedAt).toBeNull();
    await expectUserFacingError(finishStepUp(session, assertion, null), "challenge_invalid", 400);
    expect(await verifiedAt(session.id)).toEqual(LONG_AGO);
  });

  it("refuses the same step-up assertion a second time", async () => {
    const account = await signUpAccount();
    const session = await staleSession(account);
    const assertion = await stepUpAssertion(account, session);
    await finishStepUp(session, assertion, null);
    await prisma.session.update({ where: { id: session.id }, data: { verifiedAt: LONG_AGO } });

    await expectUserFacingError(finishStepUp(session, assertion, null), "challenge_invalid", 400);
    expect(await verifiedAt(session.id)).toEqual(LONG_AGO);
  });

  it("refuses a synced passkey while the account allows only device-bound ones", async () => {
    const account = await signUpAccount({ authenticator: { backupEligible: true, backedUp: true } });
    const { passkey: deviceBound } = await addPasskeyTo(account.user);
    const user = await prisma.user.update({ where: { id: account.user.id }, data: { deviceBoundOnly: true } });
    const session = await staleSession({ user });

    const options = await startStepUp(session);
    expect(options.allowCredentials?.map((credential) => credential.id)).toEqual([deviceBound.credentialId]);
    const synced = await account.authenticator.getAssertion(options, { origin: ORIGIN, credentialId: account.passkey.credentialId });
    await expectUserFacingError(finishStepUp(session, synced, null), "synced_not_allowed", 403);
    expect(await verifiedAt(session.id)).toEqual(LONG_AGO);
  });
});

describe("which passkeys may vouch for a session", () => {
  it("never a passkey added in this same session: a session cannot make itself fresh again", async () => {
    const account = await signUpAccount();
    const session = await staleSession(account);
    // Added while the session was still fresh (the window has since passed).
    const { authenticator: intruderKey, passkey: added } = await addPasskeyTo(account.user, {}, null, session.id);

    const options = await startStepUp(session);
    expect(options.allowCredentials?.map((credential) => credential.id)).toEqual([account.passkey.credentialId]);
    // The browser may still answer with the new passkey: it is refused after its signature, and the session stays stale.
    const assertion = await intruderKey.getAssertion(options, { origin: ORIGIN, credentialId: added.credentialId });
    await expectUserFacingError(finishStepUp(session, assertion, null), "passkey_not_eligible", 403);
    expect(await verifiedAt(session.id)).toEqual(LONG_AGO);

    // The owner's older passkey still confirms; in a later session the new passkey counts too.
    await finishStepUp(session, await stepUpAssertion(account, session), null);
    expect(isRecentlyVerified({ verifiedAt: await verifiedAt(session.id) })).toBe(true);
    const later = await staleSession(account);
    await finishStepUp(later, await intruderKey.getAssertion(await startStepUp(later), { origin: ORIGIN, credentialId: added.credentialId }), null);
    expect(isRecentlyVerified({ verifiedAt: await verifiedAt(later.id) })).toBe(true);
  });

  it("a recovery-code session starts unverified, may add a passkey, and proves itself only with that passkey", async () => {
    const account = await signUpAccount();
    const recovery = await staleSession(account, "recovery");
    expect(recovery.verifiedAt).toBeNull();
    expect(() => requireRecentVerification(recovery)).toThrow(expect.objectContaining({ code: "step_up_required" }));
    expect(() => requireMayAddPasskey(recovery)).not.toThrow();
    // Holding only the code, there is nothing to confirm with: not even the account's older passkeys count here.
    await expectUserFacingError(startStepUp(recovery), "add_passkey_first", 403);

    const { authenticator, passkey } = await addPasskeyTo(account.user, {}, null, recovery.id);
    const options = await startStepUp(recovery);
    expect(options.allowCredentials?.map((credential) => credential.id)).toEqual([passkey.credentialId]);
    const older = await account.authenticator.getAssertion(options, { origin: ORIGIN, credentialId: account.passkey.credentialId });
    await expectUserFacingError(finishStepUp(recovery, older, null), "add_passkey_first", 403);
    expect(await verifiedAt(recovery.id)).toBeNull();

    await finishStepUp(recovery, await authenticator.getAssertion(await startStepUp(recovery), { origin: ORIGIN }), null);
    const proven = await prisma.session.findUniqueOrThrow({ where: { id: recovery.id } });
    expect(() => requireRecentVerification(proven)).not.toThrow();
  });

  it("adding a passkey needs a fresh check, except in a recovery session that has not proven itself yet", () => {
    const now = Date.now();
    const fresh = { method: "passkey", verifiedAt: new Date(now - 1000) };
    const stale = { method: "passkey", verifiedAt: new Date(now - STEP_UP_WINDOW_MS - 1000) };
    const unproven = { method: "recovery", verifiedAt: null };
    const provenButStale = { method: "recovery", verifiedAt: new Date(now - STEP_UP_WINDOW_MS - 1000) };

    expect(() => requireMayAddPasskey(fresh)).not.toThrow();
    expect(() => requireMayAddPasskey(unproven)).not.toThrow();
    expect(() => requireMayAddPasskey(stale)).toThrow(expect.objectContaining({ code: "step_up_required" }));
    expect(() => requireMayAddPasskey(provenButStale)).toThrow(expect.objectContaining({ code: "step_up_required" }));
  });
});
