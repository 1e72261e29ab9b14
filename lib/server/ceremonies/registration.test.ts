import { describe, expect, it } from "vitest";
import { startAuthentication } from "./authentication";
import { prisma } from "../platform/db";
import { finishAddPasskey, finishSignUp, startAddPasskey, startSignUp } from "./registration";
import { accountState } from "../../testing/account-state";
import { finishSignIn, withChallenge } from "../../testing/ceremonies";
import { addPasskeyTo, openSession, signUpAccount } from "../../testing/factories";
import { uniqueEmail } from "../../testing/unique-email";
import { expectUserFacingError } from "../../testing/refusals";
import { ORIGIN, TEST_DEVICE_ID } from "../../testing/route-harness";
import { createSoftwareAuthenticator, type SoftwareAuthenticatorOptions } from "../../testing/software-authenticator";

const YUBIKEY = {
  aaguid: "ee882879-721c-4913-9775-3dfcce97072a",
  transports: ["usb", "nfc"],
  attachment: "cross-platform",
} satisfies SoftwareAuthenticatorOptions;
const SYNCED = { backupEligible: true, backedUp: true } as const;
const NO_CLIENT = { userAgent: null, ipAddress: null };

describe("startAddPasskey", () => {
  it("excludes every passkey the account has and binds the challenge to the account", async () => {
    const { user, passkey, authenticator } = await signUpAccount();
    const { passkey: second } = await addPasskeyTo(user, YUBIKEY);

    const session = await openSession(user.id, { userAgent: null });
    const options = await startAddPasskey(session);
    expect(options.user).toMatchObject({ id: user.userHandle, name: user.email, displayName: user.displayName });
    expect(options.excludeCredentials?.map((credential) => credential.id).sort()).toEqual([passkey.credentialId, second.credentialId].sort());
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(await prisma.challenge.findUniqueOrThrow({ where: { challenge: options.challenge } })).toMatchObject({
      purpose: "registration",
      userId: user.id,
      binding: session.id,
    });
    // A browser refuses to make a second passkey on an authenticator that already holds one.
    await expect(authenticator.createCredential(options, { origin: ORIGIN })).rejects.toMatchObject({ name: "InvalidStateError" });
  });
});

describe("finishAddPasskey", () => {
  it("adds a device-bound passkey named after its provider, usable to sign in", async () => {
    const { user } = await signUpAccount();
    const { authenticator, passkey } = await addPasskeyTo(user, YUBIKEY, "Firefox on Linux");

    expect(passkey).toMatchObject({
      userId: user.id,
      name: "YubiKey 5 Series",
      aaguid: YUBIKEY.aaguid,
      transports: ["usb", "nfc"],
      attachment: "cross-platform",
      backupEligible: false,
      backedUp: false,
      deviceType: "singleDevice",
      lastUsedUserAgent: "Firefox on Linux",
    });
    const assertion = await authenticator.getAssertion(await startAuthentication({ email: user.email, binding: TEST_DEVICE_ID }), { origin: ORIGIN });
    expect(await finishSignIn(assertion)).toEqual({ userId: user.id, passkeyId: passkey.id });
  });

  it("adds a synced passkey when the account allows them", async () => {
    const { user } = await signUpAccount();
    const { passkey } = await addPasskeyTo(user, SYNCED);
    expect(passkey).toMatchObject({ backupEligible: true, backedUp: true, deviceType: "multiDevice", name: "Passkey on this device" });
  });

  it("refuses a challenge issued to another account, and spends it", async () => {
    const attacker = await openSession((await signUpAccount()).user.id, { userAgent: null });
    const victim = await openSession((await signUpAccount()).user.id, { userAgent: null });
    const options = await startAddPasskey(victim);
    const response = await createSoftwareAuthenticator().createCredential(options, { origin: ORIGIN });
    const before = await accountState();

    await expectUserFacingError(finishAddPasskey(attacker, response, NO_CLIENT), "challenge_invalid", 400);
    expect(await accountState()).toEqual(before);
    await expectUserFacingError(finishAddPasskey(victim, response, NO_CLIENT), "challenge_invalid", 400);
    expect(await accountState()).toEqual(before);
  });

  it("refuses a challenge issued to another session of the same account, and spends it", async () => {
    const { user } = await signUpAccount();
    const asking = await openSession(user.id, { userAgent: null });
    const finishing = await openSession(user.id, { userAgent: null });
    const response = await createSoftwareAuthenticator().createCredential(await startAddPasskey(asking), { origin: ORIGIN });
    const before = await accountState();

    await expectUserFacingError(finishAddPasskey(finishing, response, NO_CLIENT), "challenge_invalid", 400);
    await expectUserFacingError(finishAddPasskey(asking, response, NO_CLIENT), "challenge_invalid", 400);
    expect(await accountState()).toEqual(before);
  });

  it("refuses a sign-up challenge, and a sign-up refuses an add-passkey challenge", async () => {
    const session = await openSession((await signUpAccount()).user.id, { userAgent: null });
    const signUpResponse = await createSoftwareAuthenticator().createCredential(
      await startSignUp({ email: uniqueEmail("pending"), displayName: "Pending", binding: TEST_DEVICE_ID }),
      { origin: ORIGIN },
    );
    const addResponse = await createSoftwareAuthenticator().createCredential(await startAddPasskey(session), { origin: ORIGIN });
    const before = await accountState();

    await expectUserFacingError(finishAddPasskey(session, signUpResponse, NO_CLIENT), "challenge_invalid", 400);
    await expectUserFacingError(finishSignUp(addResponse, { deviceId: TEST_DEVICE_ID, client: NO_CLIENT }), "challenge_invalid", 400);
    expect(await accountState()).toEqual(before);
  });

  it("refuses a synced passkey while the account allows only device-bound ones, and adds nothing", async () => {
    const { user } = await signUpAccount();
    const strict = await prisma.user.update({ where: { id: user.id }, data: { deviceBoundOnly: true } });
    const session = await openSession(strict.id, { userAgent: null });
    const response = await createSoftwareAuthenticator({ backupEligible: true, backedUp: false }).createCredential(
      await startAddPasskey(session),
      { origin: ORIGIN },
    );
    const before = await accountState();

    await expectUserFacingError(finishAddPasskey(session, response, NO_CLIENT), "synced_not_allowed", 409);
    expect(await accountState()).toEqual(before);

    const { passkey } = await addPasskeyTo(strict, YUBIKEY);
    expect(passkey).toMatchObject({ userId: user.id, backupEligible: false });
  });

  it("refuses a credential already registered, to this account or another, and adds nothing", async () => {
    const owner = await openSession((await signUpAccount()).user.id, { userAgent: null });
    const other = await openSession((await signUpAccount()).user.id, { userAgent: null });
    const authenticator = createSoftwareAuthenticator();
    const original = await authenticator.createCredential(await startAddPasskey(owner), { origin: ORIGIN });
    await finishAddPasskey(owner, original, NO_CLIENT);
    const before = await accountState();

    for (const session of [owner, other]) {
      const replayed = withChallenge(original, (await startAddPasskey(session)).challenge);
      await expectUserFacingError(finishAddPasskey(session, replayed, NO_CLIENT), "credential_exists", 409);
    }
    expect(await accountState()).toEqual(before);
  });

  it("refuses a response whose signed origin is not this site", async () => {
    const session = await openSession((await signUpAccount()).user.id, { userAgent: null });
    const response = await createSoftwareAuthenticator().createCredential(await startAddPasskey(session), { origin: "https://evil.example" });
    const before = await accountState();

    await expectUserFacingError(finishAddPasskey(session, response, NO_CLIENT), "verification_failed", 400);
    expect(await accountState()).toEqual(before);
  });
});
