import { describe, expect, it } from "vitest";
import { decoyCredentials, startAuthentication, verifyAssertion } from "./authentication";
import { usablePasskeys } from "../passkeys/policy";
import { prisma } from "../platform/db";
import type { Passkey, User } from "../../generated/prisma/client";
import { startStepUp } from "./step-up";
import { accountState } from "../../testing/account-state";
import { finishSignIn } from "../../testing/ceremonies";
import { addPasskeyTo, openSession, signUpAccount } from "../../testing/factories";
import { uniqueEmail } from "../../testing/unique-email";
import { expectUserFacingError } from "../../testing/refusals";
import { ORIGIN, TEST_DEVICE_ID } from "../../testing/route-harness";
import { databaseNow } from "../../testing/clock";
import type { SoftwareAuthenticatorOptions } from "../../testing/software-authenticator";

const SYNCED = { backupEligible: true, backedUp: true } as const;
const SECURITY_KEY: SoftwareAuthenticatorOptions = { transports: ["usb", "nfc"], attachment: "cross-platform" };

function passkeyRow(id: string): Promise<Passkey> {
  return prisma.passkey.findUniqueOrThrow({ where: { id } });
}

function setPolicy(user: User, deviceBoundOnly: boolean): Promise<User> {
  return prisma.user.update({ where: { id: user.id }, data: { deviceBoundOnly } });
}

/** An account with a synced passkey (from sign-up) and a device-bound security key. */
async function mixedAccount() {
  const account = await signUpAccount({ authenticator: SYNCED });
  const key = await addPasskeyTo(account.user, SECURITY_KEY);
  return { ...account, synced: account.passkey, key };
}

describe("usablePasskeys", () => {
  it("keeps every passkey without the policy and only device-bound ones with it", async () => {
    const { user, synced, key } = await mixedAccount();
    const passkeys = await prisma.passkey.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });

    expect(usablePasskeys({ deviceBoundOnly: false }, passkeys)).toEqual(passkeys);
    expect(usablePasskeys({ deviceBoundOnly: true }, passkeys)).toEqual([key.passkey]);
    // Synced means backup-eligible, even when the copy is not backed up (yet).
    expect(usablePasskeys({ deviceBoundOnly: true }, [{ ...synced, backedUp: false }])).toEqual([]);
  });
});

describe("request options", () => {
  it("offers an email-first sign-in every passkey of the account, with its transports, when the policy is off", async () => {
    const { user, synced, key } = await mixedAccount();
    const options = await startAuthentication({ email: user.email, binding: TEST_DEVICE_ID });

    expect(options.userVerification).toBe("required");
    expect(options.allowCredentials).toEqual(
      expect.arrayContaining([
        { id: synced.credentialId, type: "public-key", transports: ["internal"] },
        { id: key.passkey.credentialId, type: "public-key", transports: ["usb", "nfc"] },
      ]),
    );
    expect(options.allowCredentials).toHaveLength(2);
  });

  // Since 92ae3f5 an email-first sign-in offers every passkey on purpose, so a person holding
  // only a synced one is told why it is refused; the refusal itself comes after the signature.
  it("with the policy on, still offers an email-first sign-in every passkey but a step-up only device-bound ones", async () => {
    const { user, synced, key } = await mixedAccount();
    const strict = await setPolicy(user, true);

    const signIn = await startAuthentication({ email: strict.email, binding: TEST_DEVICE_ID });
    expect(signIn.allowCredentials?.map((credential) => credential.id).sort()).toEqual([synced.credentialId, key.passkey.credentialId].sort());
    const stepUp = await startStepUp(await openSession(strict.id, { userAgent: null }));
    expect(stepUp.allowCredentials?.map((credential) => credential.id)).toEqual([key.passkey.credentialId]);
  });

  it("binds a step-up challenge to its purpose, account and session", async () => {
    const { user } = await signUpAccount();
    const session = await openSession(user.id, { userAgent: null });
    const options = await startStepUp(session);
    const stored = await prisma.challenge.findUniqueOrThrow({ where: { challenge: options.challenge } });
    expect(stored).toMatchObject({ purpose: "step-up", userId: user.id, binding: session.id });
    expect(stored.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("answers an email without an account like one with an account: the same decoys every time, shaped like real passkeys", async () => {
    const email = uniqueEmail("nobody");
    const first = await startAuthentication({ email, binding: TEST_DEVICE_ID });
    const second = await startAuthentication({ email, binding: "another-browser-device" });
    const known = await startAuthentication({ email: (await signUpAccount()).user.email, binding: TEST_DEVICE_ID });

    expect(Object.keys(first).sort()).toEqual(Object.keys(known).sort());
    expect(first.allowCredentials).toEqual(second.allowCredentials);
    expect(first.allowCredentials?.length).toBeGreaterThanOrEqual(1);
    expect(first.challenge).not.toBe(second.challenge);
    for (const credential of first.allowCredentials ?? []) {
      expect(credential).toMatchObject({ type: "public-key", id: expect.stringMatching(/^[A-Za-z0-9_-]{22,}$/) });
      expect(credential.transports?.length).toBeGreaterThan(0);
    }
    // Different emails get different decoys, and none is anyone's real passkey.
    expect(decoyCredentials(uniqueEmail("other"))).not.toEqual(decoyCredentials(email));
    const ids = (first.allowCredentials ?? []).map((credential) => credential.id);
    expect(await prisma.passkey.count({ where: { credentialId: { in: ids } } })).toBe(0);
  });
});

describe("sign-in under the device-bound-only policy", () => {
  it("refuses a synced passkey with synced_not_allowed and records nothing about it", async () => {
    const { user, authenticator, synced } = await mixedAccount();
    await setPolicy(user, true);
    // Autofill offers any discoverable passkey, so the synced one can still be chosen.
    const assertion = await authenticator.getAssertion(await startAuthentication({ binding: TEST_DEVICE_ID }), { origin: ORIGIN });
    const before = await accountState();

    await expectUserFacingError(finishSignIn(assertion, "Synced UA"), "synced_not_allowed", 403);
    expect(await accountState()).toEqual(before);
    expect(await passkeyRow(synced.id)).toEqual(synced);
  });

  it("refuses a synced passkey chosen in an email-first sign-in", async () => {
    const { user, authenticator, synced } = await mixedAccount();
    const strict = await setPolicy(user, true);
    const assertion = await authenticator.getAssertion(await startAuthentication({ email: strict.email, binding: TEST_DEVICE_ID }), { origin: ORIGIN });
    const before = await accountState();

    await expectUserFacingError(verifyAssertion(assertion, "authentication", { binding: TEST_DEVICE_ID, userAgent: "Synced UA" }), "synced_not_allowed", 403);
    expect(await accountState()).toEqual(before);
    expect(await passkeyRow(synced.id)).toEqual(synced);
  });

  it("signs in with a device-bound passkey and records its use", async () => {
    const { user, key } = await mixedAccount();
    await setPolicy(user, true);
    const assertion = await key.authenticator.getAssertion(await startAuthentication({ email: user.email, binding: TEST_DEVICE_ID }), { origin: ORIGIN });
    // Set by the database's now(), so compared with the database's clock.
    const before = await databaseNow();

    expect(await finishSignIn(assertion, "Firefox on Linux")).toEqual({ userId: user.id, passkeyId: key.passkey.id });
    const used = await passkeyRow(key.passkey.id);
    expect(used).toMatchObject({ counter: 1n, lastUsedUserAgent: "Firefox on Linux" });
    expect(used.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(used.lastUsedAt?.getTime()).toBeLessThanOrEqual((await databaseNow()).getTime());
  });

  it("signs in with the synced passkey again once the policy is off", async () => {
    const { user, authenticator, synced } = await mixedAccount();
    await setPolicy(user, false);
    const assertion = await authenticator.getAssertion(await startAuthentication({ binding: TEST_DEVICE_ID }), { origin: ORIGIN });

    expect(await finishSignIn(assertion, "Safari on macOS")).toEqual({ userId: user.id, passkeyId: synced.id });
    expect(await passkeyRow(synced.id)).toMatchObject({ counter: 1n, backedUp: true, lastUsedUserAgent: "Safari on macOS" });
  });
});

describe("last-used user agent", () => {
  it("replaces the registration's user agent on sign-in and keeps it when none is sent", async () => {
    const { user, authenticator, passkey } = await signUpAccount({ userAgent: "Chrome on Android" });
    expect(passkey.lastUsedUserAgent).toBe("Chrome on Android");

    await finishSignIn(await authenticator.getAssertion(await startAuthentication({ email: user.email, binding: TEST_DEVICE_ID }), { origin: ORIGIN }), "Edge on Windows");
    expect((await passkeyRow(passkey.id)).lastUsedUserAgent).toBe("Edge on Windows");

    await finishSignIn(await authenticator.getAssertion(await startAuthentication({ binding: TEST_DEVICE_ID }), { origin: ORIGIN }), null);
    expect(await passkeyRow(passkey.id)).toMatchObject({ lastUsedUserAgent: "Edge on Windows", counter: 2n });
  });
});
