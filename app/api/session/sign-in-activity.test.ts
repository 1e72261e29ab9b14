import { randomBytes } from "node:crypto";
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { describe, expect, it } from "vitest";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signUpOptions } from "@/app/api/account/sign-up/options/route";
import { POST as signInVerify } from "@/app/api/session/sign-in/verify/route";
import { POST as signUpVerify } from "@/app/api/account/sign-up/verify/route";
import { prisma } from "@/lib/server/platform/db";
import { createSoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { requestSignInOptions, requestSignUpOptions } from "@/lib/testing/ceremonies";
import { deviceCookie, sessionSetBy } from "@/lib/testing/cookies";
import { type SignedUpAccount, signUpAccount } from "@/lib/testing/factories";
import { uniqueEmail } from "@/lib/testing/unique-email";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, ORIGIN, type RouteResponse, TEST_DEVICE_ID } from "@/lib/testing/route-harness";
import { emailKinds, emailsTo, eventTypes } from "@/lib/testing/mail-helpers";

const FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/** Verify from the test browser (the one signInOptions asks from) unless headers say otherwise. */
function verify(response: AuthenticationResponseJSON, headers: Record<string, string> = {}): Promise<RouteResponse> {
  return callRoute(signInVerify, { path: "/api/session/sign-in/verify", body: { response }, headers });
}

/** A browser signing in: options, assertion, then verify, which opens the session. A browser without a device ID gets a new one. */
async function signInFrom(account: SignedUpAccount, browser: { deviceId?: string; userAgent?: string; ip?: string } = {}) {
  const deviceId = browser.deviceId ?? randomBytes(16).toString("base64url");
  const headers: Record<string, string> = { cookie: deviceCookie(deviceId) };
  if (browser.userAgent) headers["user-agent"] = browser.userAgent;
  if (browser.ip) headers["x-forwarded-for"] = browser.ip;
  const options = (await callRoute(signInOptions, { body: {}, headers })).body as PublicKeyCredentialRequestOptionsJSON;
  const result = await verify(await account.authenticator.getAssertion(options, { origin: ORIGIN }), headers);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  const { id: sessionId } = await sessionSetBy(result);
  return { deviceId, sessionId };
}

async function signInFailures(userId: string) {
  return prisma.securityEvent.findMany({ where: { userId, type: "sign_in_failed" } });
}

describe("failed passkey sign-ins", () => {
  it("records an assertion that fails verification against the passkey's owner", async () => {
    const account = await signUpAccount();
    const passkey = await prisma.passkey.findUniqueOrThrow({ where: { id: account.passkey.id } });
    const phished = await account.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: "https://evil.example" });

    expectRefusal(await verify(phished, { "x-forwarded-for": "198.51.100.80", "user-agent": FIREFOX_ON_LINUX }), 401, "verification_failed");

    expect(await signInFailures(account.user.id)).toEqual([
      expect.objectContaining({ detail: { method: "passkey", passkeyName: passkey.name }, ipAddress: "198.51.100.80", userAgent: FIREFOX_ON_LINUX }),
    ]);
  });

  it("records one account's passkey used against another account's email-first sign-in, on the passkey's account", async () => {
    const alice = await signUpAccount();
    const bob = await signUpAccount();
    const assertion = await bob.authenticator.getAssertion(await requestSignInOptions(signInOptions, alice.user.email), { origin: ORIGIN, credentialId: bob.passkey.credentialId });

    expectRefusal(await verify(assertion), 401, "wrong_account");

    expect(await signInFailures(bob.user.id)).toHaveLength(1);
    expect(await signInFailures(alice.user.id)).toHaveLength(0);
  });

  it("records nothing for a replayed or unknown passkey: no account's passkey was tried", async () => {
    const account = await signUpAccount();
    const assertion = await account.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN });
    expect((await verify(assertion)).status).toBe(200);

    expectRefusal(await verify(assertion), 400, "challenge_invalid");
    const stranger = createSoftwareAuthenticator();
    await stranger.createCredential(await requestSignUpOptions(signUpOptions, uniqueEmail("never-finished")), { origin: ORIGIN });
    expectRefusal(await verify(await stranger.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN })), 401, "unknown_credential");

    expect(await signInFailures(account.user.id)).toEqual([]);
  });
});

describe("successful sign-ins", () => {
  it("record the sign-in with the passkey's name and open a session for this browser's device ID", async () => {
    const account = await signUpAccount();
    const passkey = await prisma.passkey.findUniqueOrThrow({ where: { id: account.passkey.id } });

    const { deviceId, sessionId } = await signInFrom(account, { userAgent: FIREFOX_ON_LINUX, ip: "203.0.113.90" });

    expect(await prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({
      userId: account.user.id,
      passkeyId: account.passkey.id,
      method: "passkey",
      deviceId,
      userAgent: FIREFOX_ON_LINUX,
      ipAddress: "203.0.113.90",
    });
    const signedIn = await prisma.securityEvent.findFirstOrThrow({ where: { userId: account.user.id, type: "signed_in" } });
    expect(signedIn).toMatchObject({ detail: { method: "passkey", passkeyName: passkey.name }, ipAddress: "203.0.113.90" });
  });

  it("email the owner about the first sign-in from a new device, and only the first", async () => {
    const account = await signUpAccount();

    const laptop = await signInFrom(account, { userAgent: FIREFOX_ON_LINUX, ip: "203.0.113.91" });
    expect(await emailKinds(account.user.id)).toEqual(["new_device_sign_in"]);
    const [notice] = await emailsTo(account.user.email);
    expect(notice.subject).toBe("New sign-in from a device we haven't seen before");
    expect(notice.text).toContain("Device: Firefox on Linux");
    expect(notice.text).toContain("IP address: 203.0.113.91");

    await signInFrom(account, { deviceId: laptop.deviceId, userAgent: FIREFOX_ON_LINUX });
    expect(await emailKinds(account.user.id)).toEqual(["new_device_sign_in"]);

    const phone = await signInFrom(account);
    expect(phone.deviceId).not.toBe(laptop.deviceId);
    expect(await emailKinds(account.user.id)).toEqual(["new_device_sign_in", "new_device_sign_in"]);
    expect(await eventTypes(account.user.id)).toEqual(["account_created", "signed_in", "signed_in", "signed_in"]);
  });

  it("open the same session and activity entry from a browser the account knows (one statement) as from a new one", async () => {
    const account = await signUpAccount();
    const first = await signInFrom(account, { userAgent: FIREFOX_ON_LINUX, ip: "203.0.113.92" });
    const again = await signInFrom(account, { deviceId: first.deviceId, userAgent: FIREFOX_ON_LINUX, ip: "203.0.113.92" });

    const [newDevice, knownDevice] = await Promise.all(
      [first.sessionId, again.sessionId].map((id) => prisma.session.findUniqueOrThrow({ where: { id } })),
    );
    const shape = ({ id: _id, createdAt, lastSeenAt, verifiedAt, expiresAt, ...rest }: typeof newDevice) => ({
      ...rest,
      fresh: createdAt.getTime() === lastSeenAt.getTime() && createdAt.getTime() === verifiedAt?.getTime(),
      lifetime: expiresAt.getTime() - createdAt.getTime(),
    });
    expect(shape(knownDevice)).toEqual(shape(newDevice));
    expect(shape(knownDevice)).toMatchObject({ fresh: true, method: "passkey", passkeyId: account.passkey.id, revokedAt: null });
    const events = await prisma.securityEvent.findMany({ where: { userId: account.user.id, type: "signed_in" }, orderBy: { createdAt: "asc" } });
    expect(events.map(({ detail, userAgent, ipAddress }) => ({ detail, userAgent, ipAddress }))).toEqual([
      { detail: { method: "passkey", passkeyName: "Passkey on this device" }, userAgent: FIREFOX_ON_LINUX, ipAddress: "203.0.113.92" },
      { detail: { method: "passkey", passkeyName: "Passkey on this device" }, userAgent: FIREFOX_ON_LINUX, ipAddress: "203.0.113.92" },
    ]);
    expect((await prisma.passkey.findUniqueOrThrow({ where: { id: account.passkey.id } })).counter).toBe(2n);
  });

  it("treat the browser an account was created in as known, without a notice for the sign-up itself", async () => {
    const authenticator = createSoftwareAuthenticator();
    const email = uniqueEmail("new");
    const signUp = await callRoute(signUpVerify, {
      path: "/api/account/sign-up/verify",
      body: { response: await authenticator.createCredential(await requestSignUpOptions(signUpOptions, email), { origin: ORIGIN }) },
    });
    expect(signUp.status, JSON.stringify(signUp.body)).toBe(200);
    const deviceId = TEST_DEVICE_ID;
    const { id: sessionId } = await sessionSetBy(signUp);
    const { userId } = await prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    // Only the confirmation code; then the address counts as confirmed, so a notice could go out.
    expect(await emailKinds(userId)).toEqual(["email_confirmation"]);
    expect(await eventTypes(userId)).toEqual(["account_created"]);
    await prisma.user.update({ where: { id: userId }, data: { emailConfirmedAt: new Date() } });

    const { passkeys, ...user } = await prisma.user.findUniqueOrThrow({ where: { id: userId }, include: { passkeys: true } });
    const registered: SignedUpAccount = { authenticator, user, passkey: passkeys[0], sessionId };
    await signInFrom(registered, { deviceId });

    expect(await emailKinds(userId)).toEqual(["email_confirmation"]);
    expect(await eventTypes(userId)).toEqual(["account_created", "signed_in"]);
  });
});
