// The automatic passkey upgrade (conditional create): which sessions need a passkey in their
// browser, who may ask for an automatic add, and what its verification accepts.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST as automaticOptions } from "@/app/api/account/passkeys/registration/automatic-options/route";
import { POST as addOptions } from "@/app/api/account/passkeys/registration/options/route";
import { prisma } from "../platform/db";
import { generateRecoveryCodes, signInWithRecoveryCode } from "../recovery/recovery-codes";
import type { ActiveSession } from "../sessions/sessions";
import { startAuthentication } from "./authentication";
import { finishAddPasskey, startAddPasskey } from "./registration";
import { signInWithPasskey } from "./sign-in";
import { sessionCookie } from "../../testing/cookies";
import { addPasskeyTo, createUserWithRecoveryCodes, signUpAccount } from "../../testing/factories";
import { emailsTo, eventTypes } from "../../testing/mail-helpers";
import { expectRefusal, expectUserFacingError } from "../../testing/refusals";
import { callRoute, ORIGIN } from "../../testing/route-harness";
import { createSoftwareAuthenticator, type SoftwareAuthenticator, type SoftwareAuthenticatorOptions } from "../../testing/software-authenticator";

const CLIENT = { userAgent: "Vitest", ipAddress: null };
const SYNCED = { backupEligible: true, backedUp: true } as const;
// A phone's passkey: made on the phone (platform), offered to other devices through hybrid.
const PHONE: SoftwareAuthenticatorOptions = { ...SYNCED, transports: ["hybrid", "internal"], attachment: "platform" };
const SECURITY_KEY: SoftwareAuthenticatorOptions = { transports: ["usb", "nfc"], attachment: "cross-platform" };
// What a conditional create's authenticator reports: neither presence nor verification.
const QUIET: SoftwareAuthenticatorOptions = { ...SYNCED, userPresent: false, userVerified: false };

async function activeSession(sessionId: string): Promise<ActiveSession> {
  return prisma.session.findUniqueOrThrow({ where: { id: sessionId }, include: { user: true } });
}

/** Signs in with the authenticator's passkey from a browser of its own (a new device ID each time unless given). */
async function signInWith(authenticator: SoftwareAuthenticator, deviceId: string = randomUUID()): Promise<ActiveSession> {
  const options = await startAuthentication({ binding: deviceId });
  const assertion = await authenticator.getAssertion(options, { origin: ORIGIN });
  const { sessionId } = await signInWithPasskey(assertion, { deviceId, client: CLIENT, limits: [] });
  return activeSession(sessionId);
}

/** An account with its phone's passkey and recovery codes. */
async function accountWithPhone() {
  const account = await signUpAccount({ authenticator: PHONE });
  return { ...account, codes: await generateRecoveryCodes(account.user.id, CLIENT) };
}

async function recoverySession(email: string, code: string): Promise<ActiveSession> {
  const { sessionId } = await signInWithRecoveryCode(email, code, { client: CLIENT, deviceId: randomUUID() });
  return activeSession(sessionId);
}

/** A passkey made quietly in the session's browser: options for an automatic add, then its verification. */
async function addQuietly(session: ActiveSession, authenticator = createSoftwareAuthenticator(QUIET)) {
  const options = await startAddPasskey(session, { automatic: true });
  const response = await authenticator.createCredential(options, { origin: ORIGIN });
  return finishAddPasskey(session, response, CLIENT);
}

describe("a session that needs a passkey in its browser", () => {
  it("is one signed in with a recovery code", async () => {
    const { user, codes } = await createUserWithRecoveryCodes(CLIENT);
    expect(await recoverySession(user.email, codes[0])).toMatchObject({ method: "recovery", needsPasskeyHere: true });
  });

  it("is one signed in with a phone's passkey through hybrid, from a new browser and from a known one", async () => {
    const { authenticator } = await accountWithPhone();
    authenticator.options.attachment = "cross-platform";
    const deviceId = randomUUID();

    expect(await signInWith(authenticator, deviceId)).toMatchObject({ method: "passkey", needsPasskeyHere: true });
    // The second sign-in in the same browser is the one-statement path for a known device.
    expect(await signInWith(authenticator, deviceId)).toMatchObject({ method: "passkey", needsPasskeyHere: true });
  });

  it("is not one signed in with a passkey on the device itself, or with a security key", async () => {
    const { user, authenticator: phone } = await accountWithPhone();
    const { authenticator: key } = await addPasskeyTo(user, SECURITY_KEY);
    const deviceId = randomUUID();

    expect(await signInWith(phone, deviceId)).toMatchObject({ needsPasskeyHere: false });
    expect(await signInWith(phone, deviceId)).toMatchObject({ needsPasskeyHere: false });
    expect(await signInWith(key)).toMatchObject({ needsPasskeyHere: false });
  });
});

describe("automatic add options", () => {
  it("are offered to a session that needs a passkey here, with a challenge marked automatic", async () => {
    const { user, codes } = await accountWithPhone();
    const session = await recoverySession(user.email, codes[0]);

    const result = await callRoute(automaticOptions, { path: "/api/account/passkeys/registration/automatic-options", cookie: await sessionCookie(session.id) });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const options = result.body as { challenge: string; authenticatorSelection: unknown; excludeCredentials: { id: string }[] };
    // A conditional create cannot promise user verification; the account's passkeys stay excluded.
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "preferred" });
    expect(options.excludeCredentials).toHaveLength(1);
    expect(await prisma.challenge.findUniqueOrThrow({ where: { challenge: options.challenge } })).toMatchObject({
      purpose: "registration",
      binding: session.id,
      userId: user.id,
      data: { automatic: true },
    });
  });

  it("are refused to a session whose browser already has a passkey, such as a stolen session cookie", async () => {
    const { authenticator } = await accountWithPhone();
    const session = await signInWith(authenticator);

    const result = await callRoute(automaticOptions, { path: "/api/account/passkeys/registration/automatic-options", cookie: await sessionCookie(session.id) });
    expectRefusal(result, 403, "automatic_not_offered");
    expect(await prisma.challenge.count({ where: { binding: session.id } })).toBe(0);
  });

  it("are refused under the device-bound-only policy, which would refuse the synced passkey made", async () => {
    const { user, codes } = await accountWithPhone();
    await prisma.user.update({ where: { id: user.id }, data: { deviceBoundOnly: true } });
    const session = await recoverySession(user.email, codes[0]);

    const result = await callRoute(automaticOptions, { path: "/api/account/passkeys/registration/automatic-options", cookie: await sessionCookie(session.id) });
    expectRefusal(result, 409, "automatic_not_offered");
  });

  it("keep the step-up rule of every add: a hybrid session past its window is asked to confirm", async () => {
    const { authenticator } = await accountWithPhone();
    authenticator.options.attachment = "cross-platform";
    const session = await signInWith(authenticator);
    await prisma.session.update({ where: { id: session.id }, data: { verifiedAt: new Date(Date.now() - 60 * 60 * 1000) } });

    const result = await callRoute(automaticOptions, { path: "/api/account/passkeys/registration/automatic-options", cookie: await sessionCookie(session.id) });
    expectRefusal(result, 403, "step_up_required");
  });
});

describe("finishing an automatic add", () => {
  it("accepts a response without user presence or verification, records it, and stops offering", async () => {
    const { user, codes } = await accountWithPhone();
    const session = await recoverySession(user.email, codes[0]);

    const passkey = await addQuietly(session);

    expect(passkey).toMatchObject({ userId: user.id, addedInSessionId: session.id, backupEligible: true });
    expect(await eventTypes(user.id)).toContain("passkey_added");
    expect((await emailsTo(user.email)).map((email) => email.kind)).toContain("passkey_added");
    const after = await activeSession(session.id);
    expect(after.needsPasskeyHere).toBe(false);
    await expectUserFacingError(startAddPasskey(after, { automatic: true }), "automatic_not_offered", 403);
  });

  it("refuses a response without user verification or presence to a challenge from the prompt", async () => {
    const { user, codes } = await accountWithPhone();
    const session = await recoverySession(user.email, codes[0]);

    for (const flags of [{ userVerified: false }, { userPresent: false }]) {
      const options = await startAddPasskey(session);
      const response = await createSoftwareAuthenticator({ ...SYNCED, ...flags }).createCredential(options, { origin: ORIGIN });
      await expectUserFacingError(finishAddPasskey(session, response, CLIENT), "verification_failed", 400);
    }
    expect(await prisma.passkey.count({ where: { userId: user.id } })).toBe(1);
    expect((await activeSession(session.id)).needsPasskeyHere).toBe(true);
  });

  it("refuses a response without user verification to a signed-in passkey session's prompt options", async () => {
    const { authenticator } = await accountWithPhone();
    const session = await signInWith(authenticator);
    const result = await callRoute(addOptions, { path: "/api/account/passkeys/registration/options", cookie: await sessionCookie(session.id) });
    const options = result.body as Parameters<SoftwareAuthenticator["createCredential"]>[0];
    const response = await createSoftwareAuthenticator(QUIET).createCredential(options, { origin: ORIGIN });
    await expectUserFacingError(finishAddPasskey(session, response, CLIENT), "verification_failed", 400);
  });

  it.each([
    ["the policy turned device-bound-only", 409, (session: ActiveSession) => prisma.user.update({ where: { id: session.userId }, data: { deviceBoundOnly: true } })],
    ["the session saved a passkey here", 403, (session: ActiveSession) => addQuietly(session)],
  ])("refuses the result of options issued before %s", async (_label, status, meanwhile) => {
    const { user, codes } = await accountWithPhone();
    const session = await recoverySession(user.email, codes[0]);
    const options = await startAddPasskey(session, { automatic: true });
    await meanwhile(session);
    const passkeys = await prisma.passkey.count({ where: { userId: user.id } });

    const response = await createSoftwareAuthenticator(QUIET).createCredential(options, { origin: ORIGIN });
    await expectUserFacingError(finishAddPasskey(await activeSession(session.id), response, CLIENT), "automatic_not_offered", status);
    expect(await prisma.passkey.count({ where: { userId: user.id } })).toBe(passkeys);
  });

  it("keeps offering after the session adds a passkey on a phone through hybrid, not after one on this device", async () => {
    const { user, codes } = await accountWithPhone();
    const session = await recoverySession(user.email, codes[0]);

    await addPasskeyTo(user, { ...PHONE, attachment: "cross-platform" }, null, session.id);
    expect((await activeSession(session.id)).needsPasskeyHere).toBe(true);
    await addPasskeyTo(user, SECURITY_KEY, null, session.id);
    expect((await activeSession(session.id)).needsPasskeyHere).toBe(false);
  });
});
