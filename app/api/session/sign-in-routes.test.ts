import { describe, expect, it } from "vitest";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signInVerify } from "@/app/api/session/sign-in/verify/route";
import { prisma } from "@/lib/server/platform/db";
import { sessionForRequest } from "@/lib/server/sessions/sessions";
import { databaseNow } from "@/lib/testing/clock";
import { requestSignInOptions } from "@/lib/testing/ceremonies";
import { sessionSetBy } from "@/lib/testing/cookies";
import { type SignedUpAccount, signUpAccount } from "@/lib/testing/factories";
import { expectRefusal } from "@/lib/testing/refusals";
import { ORIGIN, TEST_DEVICE_ID, callRoute } from "@/lib/testing/route-harness";

async function passkeyOf(account: SignedUpAccount) {
  return prisma.passkey.findUniqueOrThrow({ where: { id: account.passkey.id } });
}

const ANOTHER_BROWSER = { cookie: "portal.device=another-browser-device-1" };

describe("sign-in through the route handlers", () => {
  it("signs in without an email using the discoverable passkey, in two requests: verify sets the session cookie", async () => {
    const account = await signUpAccount({ authenticator: { backupEligible: true, backedUp: false } });
    expect(await passkeyOf(account)).toMatchObject({ counter: 0n, lastUsedAt: null, backedUp: false });

    const options = await requestSignInOptions(signInOptions);
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(options.userVerification).toBe("required");
    expect(options.rpId).toBe("localhost");
    const stored = await prisma.challenge.findUniqueOrThrow({ where: { challenge: options.challenge } });
    expect(stored).toMatchObject({ purpose: "authentication", userId: null, binding: TEST_DEVICE_ID });

    // The provider has since synced the passkey: the backup state must follow.
    account.authenticator.options.backedUp = true;
    const before = Date.now();
    // Last use is set by the database's now(), so it is compared with the database's clock.
    const databaseBefore = await databaseNow();
    const result = await callRoute(signInVerify, { body: { response: await account.authenticator.getAssertion(options, { origin: ORIGIN }) } });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body).toEqual({ signal: { rpId: "localhost", userId: account.user.userHandle, allAcceptedCredentialIds: [account.passkey.credentialId] } });
    const passkey = await passkeyOf(account);
    expect(passkey).toMatchObject({ counter: 1n, backedUp: true, deviceType: "multiDevice" });
    expect(passkey.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(databaseBefore.getTime());
    expect(await prisma.challenge.count({ where: { challenge: options.challenge } })).toBe(0);

    const cookie = await sessionSetBy(result);
    expect(cookie.attributes).toMatch(/HttpOnly/i);
    expect(cookie.attributes).toMatch(/SameSite=lax/i);
    expect(cookie.attributes).toMatch(/Path=\//i);
    const session = await prisma.session.findUniqueOrThrow({ where: { id: cookie.id } });
    expect(session).toMatchObject({ userId: account.user.id, passkeyId: account.passkey.id, method: "passkey", deviceId: TEST_DEVICE_ID, revokedAt: null });
    expect(session.verifiedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    // The cookie signs this browser in on the next request.
    const next = new Request(`${ORIGIN}/api/account/sessions`, { headers: { cookie: cookie.cookie } });
    expect((await sessionForRequest(next))?.id).toBe(cookie.id);
  });

  it("with an email, allows only that account's passkeys and binds the challenge to that account", async () => {
    const alice = await signUpAccount();
    const bob = await signUpAccount();

    const options = await requestSignInOptions(signInOptions, `  ${alice.user.email.toUpperCase()}  `);

    expect(options.allowCredentials).toEqual([{ id: alice.passkey.credentialId, type: "public-key", transports: ["internal"] }]);
    const stored = await prisma.challenge.findUniqueOrThrow({ where: { challenge: options.challenge } });
    expect(stored).toMatchObject({ purpose: "authentication", data: { accountIds: [alice.user.id] } });

    const result = await callRoute(signInVerify, { body: { response: await alice.authenticator.getAssertion(options, { origin: ORIGIN }) } });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(await passkeyOf(alice)).toMatchObject({ counter: 1n, backedUp: false });
    expect(await passkeyOf(bob)).toMatchObject({ counter: 0n, lastUsedAt: null });
    expect((await prisma.session.findUniqueOrThrow({ where: { id: (await sessionSetBy(result)).id } })).userId).toBe(alice.user.id);
  });

  it("tracks the counter across repeated sign-ins, each with a session of its own", async () => {
    const account = await signUpAccount();
    const sessions = new Set<string>();
    for (const expected of [1n, 2n, 3n]) {
      const assertion = await account.authenticator.getAssertion(await requestSignInOptions(signInOptions, account.user.email), { origin: ORIGIN });
      const result = await callRoute(signInVerify, { body: { response: assertion } });
      expect(result.status).toBe(200);
      sessions.add((await sessionSetBy(result)).id);
      expect((await passkeyOf(account)).counter).toBe(expected);
    }
    expect(sessions.size).toBe(3);
  });

  it("signs in only the browser that asked for the challenge: a response carried to another browser opens nothing", async () => {
    const account = await signUpAccount();
    const options = await requestSignInOptions(signInOptions);
    const assertion = await account.authenticator.getAssertion(options, { origin: ORIGIN });
    const sessionsBefore = await prisma.session.count({ where: { userId: account.user.id } });

    for (const headers of [ANOTHER_BROWSER, { cookie: null }]) {
      const elsewhere = await callRoute(signInVerify, { body: { response: assertion }, headers });
      expectRefusal(elsewhere, 400, "challenge_invalid");
      expect(elsewhere.headers.getSetCookie().join()).not.toMatch(/portal\.session=/);
    }
    // The attempt spent the challenge: not even the right browser can use it now.
    expectRefusal(await callRoute(signInVerify, { body: { response: assertion } }), 400, "challenge_invalid");
    expect(await prisma.session.count({ where: { userId: account.user.id } })).toBe(sessionsBefore);
    expect((await passkeyOf(account)).lastUsedAt).toBeNull();
  });

  it("gives a browser without a device cookie one with its options, and finishes the ceremony with it", async () => {
    const account = await signUpAccount();
    const options = await callRoute(signInOptions, { body: {}, cookie: null });
    const set = options.headers.getSetCookie().find((line) => line.startsWith("portal.device="));
    expect(set).toMatch(/^portal\.device=[\w-]{22};/);
    expect(set).toMatch(/HttpOnly/i);
    const cookie = set!.split(";")[0];

    const assertion = await account.authenticator.getAssertion(options.body as never, { origin: ORIGIN });
    const result = await callRoute(signInVerify, { body: { response: assertion }, cookie });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const session = await prisma.session.findUniqueOrThrow({ where: { id: (await sessionSetBy(result)).id } });
    expect(`portal.device=${session.deviceId}`).toBe(cookie);
  });

  it("with an email, offers the confirmed owner's passkeys and those of unconfirmed accounts carrying it, and each can sign in", async () => {
    const owner = await signUpAccount();
    const newcomer = await signUpAccount({ email: owner.user.email, confirmed: false });
    const elsewhere = await signUpAccount();

    const options = await requestSignInOptions(signInOptions, owner.user.email);
    expect(options.allowCredentials?.map((credential) => credential.id)).toEqual([owner.passkey.credentialId, newcomer.passkey.credentialId]);
    expect(await prisma.challenge.findUniqueOrThrow({ where: { challenge: options.challenge } })).toMatchObject({
      data: { accountIds: [owner.user.id, newcomer.user.id] },
    });

    for (const account of [newcomer, owner]) {
      const result = await callRoute(signInVerify, { body: { response: await account.authenticator.getAssertion(await requestSignInOptions(signInOptions, owner.user.email), { origin: ORIGIN }) } });
      expect(result.status, JSON.stringify(result.body)).toBe(200);
      expect((await prisma.session.findUniqueOrThrow({ where: { id: (await sessionSetBy(result)).id } })).userId).toBe(account.user.id);
    }
    const stranger = await elsewhere.authenticator.getAssertion(await requestSignInOptions(signInOptions, owner.user.email), { origin: ORIGIN, credentialId: elsewhere.passkey.credentialId });
    expectRefusal(await callRoute(signInVerify, { body: { response: stranger } }), 401, "wrong_account");
  });
});
