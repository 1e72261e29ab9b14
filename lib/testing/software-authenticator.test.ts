import { createHash, createPublicKey, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type WebAuthnCredential,
} from "@simplewebauthn/server";
import { isoBase64URL, isoUint8Array } from "@simplewebauthn/server/helpers";
import { createSoftwareAuthenticator, type SoftwareAuthenticator } from "./software-authenticator";

const origin = "http://localhost:3000";
const rpID = "localhost";

async function register(
  authenticator: SoftwareAuthenticator,
  options: { userName?: string; requireUserVerification?: boolean } = {},
) {
  const creation = await generateRegistrationOptions({
    rpName: "Passkey Portal",
    rpID,
    userName: options.userName ?? "alice@example.com",
  });
  const response = await authenticator.createCredential(creation, { origin });
  const verification = await verifyRegistrationResponse({
    response,
    expectedChallenge: creation.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: options.requireUserVerification ?? true,
  });
  if (!verification.verified) throw new Error("registration was not verified");
  return { creation, response, info: verification.registrationInfo };
}

async function authenticate(
  authenticator: SoftwareAuthenticator,
  credential: WebAuthnCredential,
  context: { rpId?: string; credentialId?: string } = {},
) {
  const request = await generateAuthenticationOptions({
    rpID,
    allowCredentials: [{ id: credential.id }],
    userVerification: "required",
  });
  const response = await authenticator.getAssertion(request, { origin, ...context });
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: request.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    credential,
    requireUserVerification: true,
  });
  return { request, response, verification };
}

function clientDataOf(response: { response: { clientDataJSON: string } }): unknown {
  return JSON.parse(isoBase64URL.toUTF8String(response.response.clientDataJSON));
}

describe("software authenticator", () => {
  it("registers and then authenticates against @simplewebauthn/server", async () => {
    const authenticator = createSoftwareAuthenticator();
    const { creation, response, info } = await register(authenticator);

    expect(info.fmt).toBe("none");
    expect(info.userVerified).toBe(true);
    expect(info.credential.id).toBe(response.id);
    expect(info.credential.counter).toBe(0);
    expect(info.credentialDeviceType).toBe("singleDevice");
    expect(info.credentialBackedUp).toBe(false);
    expect(response.response.publicKeyAlgorithm).toBe(-7);
    expect(response.response.transports).toEqual(["internal"]);
    expect(response.authenticatorAttachment).toBe("platform");
    expect(response.clientExtensionResults).toEqual({});
    expect(clientDataOf(response)).toEqual({
      type: "webauthn.create",
      challenge: creation.challenge,
      origin,
      crossOrigin: false,
    });
    expect(authenticator.credentials()).toEqual([
      { id: response.id, rpId: rpID, userHandle: creation.user.id, signCount: 0 },
    ]);

    const { request, response: assertion, verification } = await authenticate(authenticator, info.credential);
    expect(verification.verified).toBe(true);
    expect(verification.authenticationInfo.userVerified).toBe(true);
    expect(verification.authenticationInfo.newCounter).toBe(1);
    expect(assertion.response.userHandle).toBe(creation.user.id);
    expect(clientDataOf(assertion)).toEqual({
      type: "webauthn.get",
      challenge: request.challenge,
      origin,
      crossOrigin: false,
    });
  });

  it("returns the public key as SPKI DER and signs assertions with DER ECDSA", async () => {
    const authenticator = createSoftwareAuthenticator();
    const { response } = await register(authenticator);
    const assertion: AuthenticationResponseJSON = await authenticator.getAssertion(
      { challenge: isoBase64URL.fromUTF8String("challenge") },
      { origin },
    );

    const spki = isoBase64URL.toBuffer(response.response.publicKey ?? "");
    const publicKey = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
    const signed = isoUint8Array.concat([
      isoBase64URL.toBuffer(assertion.response.authenticatorData),
      createHash("sha256").update(isoBase64URL.toBuffer(assertion.response.clientDataJSON)).digest(),
    ]);
    const signature = isoBase64URL.toBuffer(assertion.response.signature);
    expect(signature[0]).toBe(0x30); // ASN.1 SEQUENCE, not raw r||s
    expect(verify("sha256", signed, { key: publicKey, dsaEncoding: "der" }, signature)).toBe(true);
  });

  it("reports a multi-device, backed-up credential when BE and BS are set", async () => {
    const synced = await register(createSoftwareAuthenticator({ backupEligible: true, backedUp: true }));
    expect(synced.info.credentialDeviceType).toBe("multiDevice");
    expect(synced.info.credentialBackedUp).toBe(true);

    const eligibleOnly = await register(createSoftwareAuthenticator({ backupEligible: true }));
    expect(eligibleOnly.info.credentialDeviceType).toBe("multiDevice");
    expect(eligibleOnly.info.credentialBackedUp).toBe(false);

    const authenticator = createSoftwareAuthenticator({ backupEligible: true, backedUp: true });
    const { info } = await register(authenticator);
    const { verification } = await authenticate(authenticator, info.credential);
    expect(verification.authenticationInfo.credentialDeviceType).toBe("multiDevice");
    expect(verification.authenticationInfo.credentialBackedUp).toBe(true);
  });

  it("changes one credential's backup flags for its later assertions (setBackupFlags)", async () => {
    const authenticator = createSoftwareAuthenticator();
    const { info } = await register(authenticator);
    const { info: other } = await register(authenticator, { userName: "bob@example.com" });

    authenticator.setBackupFlags(info.credential.id, { backupEligible: true });
    const { verification: eligible } = await authenticate(authenticator, info.credential);
    expect(eligible.authenticationInfo).toMatchObject({ credentialDeviceType: "multiDevice", credentialBackedUp: false });

    authenticator.setBackupFlags(info.credential.id, { backedUp: true });
    const { verification: backedUp } = await authenticate(authenticator, { ...info.credential, counter: 1 });
    expect(backedUp.authenticationInfo).toMatchObject({ credentialDeviceType: "multiDevice", credentialBackedUp: true });

    // The other credential still follows the authenticator's options.
    const { verification: untouched } = await authenticate(authenticator, other.credential);
    expect(untouched.authenticationInfo).toMatchObject({ credentialDeviceType: "singleDevice", credentialBackedUp: false });
    expect(() => authenticator.setBackupFlags("unknown", { backedUp: true })).toThrow(/Unknown credential/);
  });

  it("can send BS without BE, which @simplewebauthn/server refuses before it checks the signature", async () => {
    const authenticator = createSoftwareAuthenticator();
    const { info } = await register(authenticator);
    authenticator.setBackupFlags(info.credential.id, { backedUp: true });
    await expect(authenticate(authenticator, info.credential)).rejects.toThrow(/Single-device credential indicated that it was backed up/);
  });

  it("round-trips the AAGUID", async () => {
    const aaguid = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4";
    const { info } = await register(createSoftwareAuthenticator({ aaguid }));
    expect(info.aaguid).toBe(aaguid);

    const { info: defaults } = await register(createSoftwareAuthenticator());
    expect(defaults.aaguid).toBe("00000000-0000-0000-0000-000000000000");
  });

  it("fails verification that requires user verification when the UV flag is off", async () => {
    const authenticator = createSoftwareAuthenticator({ userVerified: false });
    await expect(register(authenticator)).rejects.toThrow(/user verification/i);

    // Registered with UV, then asked to sign without it: the assertion must be refused.
    authenticator.options.userVerified = true;
    const { info } = await register(authenticator);
    authenticator.options.userVerified = false;
    await expect(authenticate(authenticator, info.credential)).rejects.toThrow(/user verification/i);
  });

  it("increments the counter and a lowered counter is rejected", async () => {
    const authenticator = createSoftwareAuthenticator();
    const { info } = await register(authenticator);
    let credential = info.credential;

    for (const expected of [1, 2, 3]) {
      const { verification } = await authenticate(authenticator, credential);
      expect(verification.authenticationInfo.newCounter).toBe(expected);
      credential = { ...credential, counter: verification.authenticationInfo.newCounter };
    }
    expect(authenticator.credentials()[0]?.signCount).toBe(3);

    // A clone that lags behind the RP's stored counter (3) next signs with 2.
    authenticator.setSignCount(credential.id, 1);
    await expect(authenticate(authenticator, credential)).rejects.toThrow(/counter value 2 was lower than expected 3/);
  });

  it("throws InvalidStateError when the RP excludes a credential it holds", async () => {
    const authenticator = createSoftwareAuthenticator();
    const { info } = await register(authenticator);
    const creation = await generateRegistrationOptions({
      rpName: "Passkey Portal",
      rpID,
      userName: "alice@example.com",
      excludeCredentials: [{ id: info.credential.id }],
    });

    await expect(authenticator.createCredential(creation, { origin })).rejects.toMatchObject({
      name: "InvalidStateError",
    });
    // Another authenticator does not hold the excluded credential and may register.
    await expect(createSoftwareAuthenticator().createCredential(creation, { origin })).resolves.toBeDefined();
  });

  it("throws NotAllowedError when it holds no usable credential", async () => {
    const authenticator = createSoftwareAuthenticator();
    const request = await generateAuthenticationOptions({ rpID });
    await expect(authenticator.getAssertion(request, { origin })).rejects.toMatchObject({ name: "NotAllowedError" });

    await register(authenticator);
    const elsewhere = await generateAuthenticationOptions({ rpID: "example.com" });
    await expect(authenticator.getAssertion(elsewhere, { origin: "https://example.com" })).rejects.toMatchObject({
      name: "NotAllowedError",
    });
  });

  it("uses a discoverable credential when the RP sends no allow list", async () => {
    const authenticator = createSoftwareAuthenticator();
    const { creation, info } = await register(authenticator);
    const request = await generateAuthenticationOptions({ rpID, userVerification: "required" });
    const response = await authenticator.getAssertion(request, { origin });

    expect(response.id).toBe(info.credential.id);
    expect(response.response.userHandle).toBe(creation.user.id);
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: request.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: info.credential,
      requireUserVerification: true,
    });
    expect(verification.verified).toBe(true);
  });

  it("fails verification when the RP ID is overridden", async () => {
    const authenticator = createSoftwareAuthenticator();
    const creation = await generateRegistrationOptions({ rpName: "Passkey Portal", rpID, userName: "bob" });
    const forged = await authenticator.createCredential(creation, { origin, rpId: "evil.example" });
    await expect(
      verifyRegistrationResponse({
        response: forged,
        expectedChallenge: creation.challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        requireUserVerification: true,
      }),
    ).rejects.toThrow(/RP ID/i);

    const { info } = await register(authenticator);
    await expect(
      authenticate(authenticator, info.credential, { rpId: "evil.example", credentialId: info.credential.id }),
    ).rejects.toThrow(/RP ID/i);
  });
});
