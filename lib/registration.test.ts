import { describe, expect, it } from "vitest";
import { finishAuthentication, startAuthentication } from "./authentication";
import { prisma } from "./db";
import { finishAddPasskey, finishSignUp, startAddPasskey, startSignUp } from "./registration";
import {
  accountState,
  addPasskeyTo,
  expectUserFacingError,
  ORIGIN,
  signUpAccount,
  uniqueEmail,
  withChallenge,
} from "./testing/ceremony-helpers";
import { createSoftwareAuthenticator, type SoftwareAuthenticatorOptions } from "./testing/software-authenticator";

const YUBIKEY = {
  aaguid: "ee882879-721c-4913-9775-3dfcce97072a",
  transports: ["usb", "nfc"],
  attachment: "cross-platform",
} satisfies SoftwareAuthenticatorOptions;
const SYNCED = { backupEligible: true, backedUp: true } as const;

describe("startAddPasskey", () => {
  it("excludes every passkey the account has and binds the challenge to the account", async () => {
    const { user, passkey, authenticator } = await signUpAccount();
    const { passkey: second } = await addPasskeyTo(user, YUBIKEY);

    const options = await startAddPasskey(user);
    expect(options.user).toMatchObject({ id: user.userHandle, name: user.email, displayName: user.displayName });
    expect(options.excludeCredentials?.map((credential) => credential.id).sort()).toEqual([passkey.credentialId, second.credentialId].sort());
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(await prisma.challenge.findUniqueOrThrow({ where: { challenge: options.challenge } })).toMatchObject({
      purpose: "registration",
      userId: user.id,
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
    const assertion = await authenticator.getAssertion(await startAuthentication({ email: user.email }), { origin: ORIGIN });
    expect(await finishAuthentication(assertion)).toEqual({ userId: user.id, passkeyId: passkey.id });
  });

  it("adds a synced passkey when the account allows them", async () => {
    const { user } = await signUpAccount();
    const { passkey } = await addPasskeyTo(user, SYNCED);
    expect(passkey).toMatchObject({ backupEligible: true, backedUp: true, deviceType: "multiDevice", name: "Passkey on this device" });
  });

  it("refuses a challenge issued to another account, and spends it", async () => {
    const attacker = await signUpAccount();
    const victim = await signUpAccount();
    const options = await startAddPasskey(victim.user);
    const response = await createSoftwareAuthenticator().createCredential(options, { origin: ORIGIN });
    const before = await accountState();

    await expectUserFacingError(finishAddPasskey(attacker.user, response, null), "challenge_invalid", 400);
    expect(await accountState()).toEqual(before);
    await expectUserFacingError(finishAddPasskey(victim.user, response, null), "challenge_invalid", 400);
    expect(await accountState()).toEqual(before);
  });

  it("refuses a sign-up challenge, and a sign-up refuses an add-passkey challenge", async () => {
    const { user } = await signUpAccount();
    const signUpResponse = await createSoftwareAuthenticator().createCredential(
      await startSignUp({ email: uniqueEmail("pending"), displayName: "Pending" }),
      { origin: ORIGIN },
    );
    const addResponse = await createSoftwareAuthenticator().createCredential(await startAddPasskey(user), { origin: ORIGIN });
    const before = await accountState();

    await expectUserFacingError(finishAddPasskey(user, signUpResponse, null), "challenge_invalid", 400);
    await expectUserFacingError(finishSignUp(addResponse, null), "challenge_invalid", 400);
    expect(await accountState()).toEqual(before);
  });

  it("refuses a synced passkey while the account allows only device-bound ones, and adds nothing", async () => {
    const { user } = await signUpAccount();
    const strict = await prisma.user.update({ where: { id: user.id }, data: { deviceBoundOnly: true } });
    const response = await createSoftwareAuthenticator({ backupEligible: true, backedUp: false }).createCredential(
      await startAddPasskey(strict),
      { origin: ORIGIN },
    );
    const before = await accountState();

    await expectUserFacingError(finishAddPasskey(strict, response, null), "synced_not_allowed", 409);
    expect(await accountState()).toEqual(before);

    const { passkey } = await addPasskeyTo(strict, YUBIKEY);
    expect(passkey).toMatchObject({ userId: user.id, backupEligible: false });
  });

  it("refuses a credential already registered, to this account or another, and adds nothing", async () => {
    const owner = await signUpAccount();
    const other = await signUpAccount();
    const authenticator = createSoftwareAuthenticator();
    const original = await authenticator.createCredential(await startAddPasskey(owner.user), { origin: ORIGIN });
    await finishAddPasskey(owner.user, original, null);
    const before = await accountState();

    for (const account of [owner, other]) {
      const replayed = withChallenge(original, (await startAddPasskey(account.user)).challenge);
      await expectUserFacingError(finishAddPasskey(account.user, replayed, null), "credential_exists", 409);
    }
    expect(await accountState()).toEqual(before);
  });

  it("refuses a response whose signed origin is not this site", async () => {
    const { user } = await signUpAccount();
    const response = await createSoftwareAuthenticator().createCredential(await startAddPasskey(user), { origin: "https://evil.example" });
    const before = await accountState();

    await expectUserFacingError(finishAddPasskey(user, response, null), "verification_failed", 400);
    expect(await accountState()).toEqual(before);
  });
});
