// Ceremony responses a browser never sends, each accepted (or answered 500) before: framed
// ceremonies, passkeys that could never sign in, oversized credential IDs, a usernameless
// assertion without its userHandle, and attacker text written raw into the log.
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signInVerify } from "@/app/api/session/sign-in/verify/route";
import { POST as signUpOptions } from "@/app/api/account/sign-up/options/route";
import { POST as signUpVerify } from "@/app/api/account/sign-up/verify/route";
import { POST as addOptions } from "@/app/api/account/passkeys/registration/options/route";
import { POST as addVerify } from "@/app/api/account/passkeys/registration/verify/route";
import { POST as stepUpOptions } from "@/app/api/session/step-up/options/route";
import { POST as stepUpVerify } from "@/app/api/session/step-up/verify/route";
import { prisma } from "@/lib/server/platform/db";
import { accountState } from "@/lib/testing/account-state";
import { requestSignInOptions, requestSignUpOptions } from "@/lib/testing/ceremonies";
import { openSession, signUpAccount } from "@/lib/testing/factories";
import { uniqueEmail } from "@/lib/testing/unique-email";
import { captureLog } from "@/lib/testing/log-capture";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, ORIGIN } from "@/lib/testing/route-harness";
import { createSoftwareAuthenticator, type CreateContext } from "@/lib/testing/software-authenticator";

afterEach(() => {
  vi.restoreAllMocks();
});

async function challengeExists(challenge: string): Promise<boolean> {
  return (await prisma.challenge.count({ where: { challenge } })) === 1;
}

async function signUpWith(context: Omit<CreateContext, "origin">) {
  const email = uniqueEmail("tamper");
  const creation = await requestSignUpOptions(signUpOptions, email);
  const authenticator = createSoftwareAuthenticator();
  const response = await authenticator.createCredential(creation, { origin: ORIGIN, ...context });
  return { email, creation, authenticator, response };
}

const FRAMED: [string, Omit<CreateContext, "origin">][] = [
  ["crossOrigin: true", { crossOrigin: true }],
  ["crossOrigin: true inside https://evil.example", { crossOrigin: true, topOrigin: "https://evil.example" }],
  ["a topOrigin without crossOrigin", { topOrigin: "https://evil.example" }],
];

describe("registration", () => {
  it.each(FRAMED)("refuses clientData with %s before the challenge is used, so the person can still finish", async (_label, context) => {
    const { email, creation, authenticator, response } = await signUpWith(context);
    const before = await accountState();

    expectRefusal(await callRoute(signUpVerify, { body: { response } }), 400, "framed_ceremony");

    expect(await accountState()).toEqual(before);
    expect(await challengeExists(creation.challenge)).toBe(true);
    const retry = await authenticator.createCredential(creation, { origin: ORIGIN });
    expect((await callRoute(signUpVerify, { body: { response: retry } })).status).toBe(200);
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });

  it.each([
    ["a public key that is not on its curve", { offCurvePublicKey: true }, "invalid_public_key"],
    ["a signature counter of 0xFFFFFFFF, which can never grow", { signCount: 0xffffffff }, "counter_exhausted"],
    ["a response id other than the credential ID in the authenticator data", { responseId: isoBase64URL.fromBuffer(new Uint8Array(randomBytes(32))) }, "credential_id_mismatch"],
    ["a credential ID of 1024 bytes in the authenticator data", { credentialIdBytes: 1024, responseId: isoBase64URL.fromBuffer(new Uint8Array(randomBytes(32))) }, "credential_id_too_long"],
  ] as const)("refuses %s, creating no account", async (_label, context, code) => {
    const { email, response } = await signUpWith(context);
    const before = await accountState();

    expectRefusal(await callRoute(signUpVerify, { body: { response } }), 400, code);

    expect(await accountState()).toEqual(before);
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("accepts a credential ID of exactly 1023 bytes and a counter that can still grow, and signs in with them", async () => {
    const { email, authenticator, response } = await signUpWith({ credentialIdBytes: 1023, signCount: 0xfffffffe });
    expect((await callRoute(signUpVerify, { body: { response } })).status).toBe(200);
    const assertion = await authenticator.getAssertion(await requestSignInOptions(signInOptions, email), { origin: ORIGIN });
    expect((await callRoute(signInVerify, { body: { response: assertion } })).status).toBe(200);
  });

  it.each([2048, 4096])("refuses a %i-byte credential ID with 400 before the challenge is used, never a database error", async (bytes) => {
    const { creation, response } = await signUpWith({ credentialIdBytes: bytes });
    const before = await accountState();

    const result = await callRoute(signUpVerify, { body: { response } });

    expectRefusal(result, 400, "invalid_request");
    expect((result.body as { error: string }).error).toBe("This passkey's ID is longer than passkeys are allowed to be. Try another passkey or security key.");
    expect(await accountState()).toEqual(before);
    expect(await challengeExists(creation.challenge)).toBe(true);
  });

  describe("of another passkey on a signed-in account", () => {
    async function addWith(context: Omit<CreateContext, "origin">) {
      const { user } = await signUpAccount();
      const session = await openSession(user.id);
      const options = await callRoute(addOptions, { path: "/api/account/passkeys/registration/options", cookie: session.cookie });
      const creation = options.body as PublicKeyCredentialCreationOptionsJSON;
      const response = await createSoftwareAuthenticator().createCredential(creation, { origin: ORIGIN, ...context });
      const result = await callRoute(addVerify, { path: "/api/account/passkeys/registration/verify", cookie: session.cookie, body: { response } });
      return { result, userId: user.id, challenge: creation.challenge };
    }

    it.each(FRAMED)("refuses clientData with %s", async (_label, context) => {
      const { result, userId, challenge } = await addWith(context);
      expectRefusal(result, 400, "framed_ceremony");
      expect(await prisma.passkey.count({ where: { userId } })).toBe(1);
      expect(await challengeExists(challenge)).toBe(true);
    });

    it.each([
      ["an off-curve public key", { offCurvePublicKey: true }, "invalid_public_key"],
      ["a counter of 0xFFFFFFFF", { signCount: 0xffffffff }, "counter_exhausted"],
      ["a mismatched response id", { responseId: isoBase64URL.fromBuffer(new Uint8Array(randomBytes(16))) }, "credential_id_mismatch"],
    ] as const)("refuses %s, storing nothing", async (_label, context, code) => {
      const { result, userId } = await addWith(context);
      expectRefusal(result, 400, code);
      expect(await prisma.passkey.count({ where: { userId } })).toBe(1);
      expect(await prisma.securityEvent.count({ where: { userId, type: "passkey_added" } })).toBe(0);
    });
  });
});

describe("sign-in", () => {
  it.each([
    ["crossOrigin: true", { crossOrigin: true }],
    ["crossOrigin: true inside https://evil.example", { crossOrigin: true, topOrigin: "https://evil.example" }],
  ])("refuses clientData with %s before the challenge is used", async (_label, context) => {
    const account = await signUpAccount();
    const options = await requestSignInOptions(signInOptions);
    const before = await accountState();

    const result = await callRoute(signInVerify, { body: { response: await account.authenticator.getAssertion(options, { origin: ORIGIN, ...context }) } });

    expectRefusal(result, 400, "framed_ceremony");
    expect(await accountState()).toEqual(before);
    expect(await challengeExists(options.challenge)).toBe(true);
    expect((await callRoute(signInVerify, { body: { response: await account.authenticator.getAssertion(options, { origin: ORIGIN }) } })).status).toBe(200);
  });

  // Found by the fuzz test: the challenge inside clientDataJSON went to the database as it was.
  it.each([["a NUL", "x\u0000"], ["a lone surrogate", "x\ud800"]])("refuses a challenge with %s with 400, not a database error", async (_label, challenge) => {
    const account = await signUpAccount();
    const assertion = await account.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN });
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge, origin: ORIGIN })).toString("base64url");

    const result = await callRoute(signInVerify, { body: { response: { ...assertion, response: { ...assertion.response, clientDataJSON } } } });

    expectRefusal(result, 400, "challenge_invalid");
  });

  it("refuses a usernameless assertion without a userHandle (WebAuthn §7.2 step 6)", async () => {
    const account = await signUpAccount();
    const before = await accountState();

    const assertion = await account.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN, omitUserHandle: true });

    expectRefusal(await callRoute(signInVerify, { body: { response: assertion } }), 401, "user_handle_missing");
    expect(await accountState()).toEqual(before);
  });

  it("accepts an email-first assertion without a userHandle: the account was named before the ceremony", async () => {
    const account = await signUpAccount();
    const assertion = await account.authenticator.getAssertion(await requestSignInOptions(signInOptions, account.user.email), { origin: ORIGIN, omitUserHandle: true });
    expect((await callRoute(signInVerify, { body: { response: assertion } })).status).toBe(200);
  });

  it.each([1365, 5000, 16_000])("refuses a %i-character credential ID with 400 before looking anything up", async (length) => {
    const account = await signUpAccount();
    const options = await requestSignInOptions(signInOptions);
    const assertion = await account.authenticator.getAssertion(options, { origin: ORIGIN });
    const id = "A".repeat(length);

    const result = await callRoute(signInVerify, { body: { response: { ...assertion, id, rawId: id } } });

    expectRefusal(result, 400, "invalid_request");
    expect(await challengeExists(options.challenge)).toBe(true);
  });
});

describe("step-up", () => {
  it.each([
    ["crossOrigin: true", { crossOrigin: true }],
    ["a topOrigin", { crossOrigin: true, topOrigin: "https://evil.example" }],
  ])("refuses clientData with %s and leaves the session unverified", async (_label, context) => {
    const { user, authenticator } = await signUpAccount();
    const session = await openSession(user.id);
    const longAgo = new Date(Date.now() - 60 * 60 * 1000);
    await prisma.session.update({ where: { id: session.id }, data: { verifiedAt: longAgo } });
    const options = await callRoute(stepUpOptions, { path: "/api/session/step-up/options", cookie: session.cookie });
    const assertion = await authenticator.getAssertion(options.body as PublicKeyCredentialRequestOptionsJSON, { origin: ORIGIN, ...context });

    const result = await callRoute(stepUpVerify, { path: "/api/session/step-up/verify", cookie: session.cookie, body: { response: assertion } });

    expectRefusal(result, 400, "framed_ceremony");
    expect((await prisma.session.findUniqueOrThrow({ where: { id: session.id } })).verifiedAt).toEqual(longAgo);
  });
});

describe("the server log", () => {
  it("gets SimpleWebAuthn's complaint about a forged clientData as one escaped JSON line", async () => {
    const account = await signUpAccount();
    const forgedOrigin = "https://evil.example\n2026-12-02T00:00:00Z INFO admin signed in\u001b[2K\u2028";
    const assertion: AuthenticationResponseJSON = await account.authenticator.getAssertion(await requestSignInOptions(signInOptions), {
      origin: forgedOrigin,
      credentialId: account.passkey.credentialId,
    });
    const log = captureLog("warn");
    try {
      expectRefusal(await callRoute(signInVerify, { body: { response: assertion } }), 401, "verification_failed");
    } finally {
      log.stop();
    }

    const rejections = log.entries().filter((entry) => entry.msg === "Authentication response rejected");
    expect(rejections).toHaveLength(1);
    // Control characters and separators are spelled out: the line stays one line, even once decoded.
    expect(rejections[0].reason).toContain("evil.example\\u000a2026-12-02T00:00:00Z INFO admin signed in\\u001b[2K\\u2028");
    expect(log.text()).not.toMatch(/[\r\u001b\u2028]/);
    expect(log.text().trimEnd().split("\n")).toHaveLength(log.entries().length);
  });
});
