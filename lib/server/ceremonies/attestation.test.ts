// The deployment's provider policy (PASSKEY_POLICY): attestation verified against the operator's
// metadata statements at every registration, and the policy applied to passkeys already stored.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as signUpVerify } from "@/app/api/account/sign-up/verify/route";
import { prisma } from "../platform/db";
import { replaceEnvForTests } from "../platform/env";
import { startAuthentication } from "./authentication";
import { forgetTrustedStatementsForTests } from "./attestation";
import { finishAddPasskey, finishSignUp, startAddPasskey, startSignUp } from "./registration";
import { signInWithPasskey } from "./sign-in";
import { signOutSessionsOutsideDeploymentPolicy } from "../passkeys/policy-sessions";
import { startStepUp } from "./step-up";
import { accountState } from "../../testing/account-state";
import { createAttestationCa, issueAttestationKey, metadataStatement, writeMetadataDir, type AttestationCa } from "../../testing/attestation-ca";
import { openSession, signUpAccount } from "../../testing/factories";
import { expectRefusal, expectUserFacingError } from "../../testing/refusals";
import { callRoute, ORIGIN, TEST_DEVICE_COOKIE, TEST_DEVICE_ID } from "../../testing/route-harness";
import { createSoftwareAuthenticator, type PackedAttestationKey, type SoftwareAuthenticatorOptions } from "../../testing/software-authenticator";
import { uniqueEmail } from "../../testing/unique-email";

const CLIENT = { userAgent: "Vitest", ipAddress: null };
// The company's security key (allowed), another vendor's key the operator also has a statement for, and a key nobody described.
const COMPANY_KEY = "4c0d4e2a-1b7f-4d6e-9a55-0a1b2c3d4e5f";
const OTHER_VENDOR_KEY = "7e3f1d2c-8a9b-4c5d-8e6f-112233445566";
const UNDESCRIBED_KEY = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
const SECURITY_KEY: SoftwareAuthenticatorOptions = { transports: ["usb", "nfc"], attachment: "cross-platform" };
const SYNCED = { backupEligible: true, backedUp: true } as const;

let vendorCa: AttestationCa;
let metadataDir: string;
const keys: Record<string, PackedAttestationKey> = {};

beforeAll(async () => {
  vendorCa = await createAttestationCa();
  const otherCa = await createAttestationCa("Other Vendor Root");
  metadataDir = writeMetadataDir([metadataStatement(COMPANY_KEY, vendorCa), metadataStatement(OTHER_VENDOR_KEY, otherCa, "Other Vendor Key")]);
  keys.company = await issueAttestationKey(vendorCa, COMPANY_KEY);
  keys.otherVendor = await issueAttestationKey(otherCa, OTHER_VENDOR_KEY);
  keys.undescribed = await issueAttestationKey(vendorCa, UNDESCRIBED_KEY);
});

afterEach(() => replaceEnvForTests());

// MetadataService is one object for the process, and test files share modules (isolate: false).
afterAll(() => forgetTrustedStatementsForTests());

function usePolicy(policy: "any" | "device-bound" | "allow-list"): void {
  replaceEnvForTests({
    ...process.env,
    PASSKEY_POLICY: policy,
    METADATA_DIR: policy === "any" ? undefined : metadataDir,
    ALLOWED_AAGUIDS: policy === "allow-list" ? COMPANY_KEY : undefined,
  });
}

/** A security key of the company's model, with its attestation. */
function companyKey(options: SoftwareAuthenticatorOptions = {}) {
  return createSoftwareAuthenticator({ ...SECURITY_KEY, aaguid: COMPANY_KEY, attestation: keys.company, ...options });
}

async function signUpResponse(authenticator = companyKey()) {
  const options = await startSignUp({ email: uniqueEmail(), displayName: "Test Person", binding: TEST_DEVICE_ID });
  return { options, response: await authenticator.createCredential(options, { origin: ORIGIN }) };
}

/** Signs up through the verify route and expects the refusal; nothing is created and the challenge is spent. */
async function expectSignUpRefused(authenticator: ReturnType<typeof createSoftwareAuthenticator>, code: string, status = 403): Promise<string> {
  const { response } = await signUpResponse(authenticator);
  const before = await accountState();
  const result = await callRoute(signUpVerify, { path: "/api/account/sign-up/verify", body: { response }, headers: { cookie: TEST_DEVICE_COOKIE } });
  const message = expectRefusal(result, status, code);
  expect(await accountState()).toEqual(before);
  await expectUserFacingError(finishSignUp(response, { deviceId: TEST_DEVICE_ID, client: CLIENT }), "challenge_invalid", 400);
  return message;
}

async function signIn(authenticator: ReturnType<typeof createSoftwareAuthenticator>) {
  const deviceId = randomUUID();
  const assertion = await authenticator.getAssertion(await startAuthentication({ binding: deviceId }), { origin: ORIGIN });
  return signInWithPasskey(assertion, { deviceId, client: CLIENT, limits: [] });
}

describe("PASSKEY_POLICY=allow-list", () => {
  it("asks for attestation, and saves an allowed security key with a valid chain as verified by attestation", async () => {
    usePolicy("allow-list");
    const { options, response } = await signUpResponse();
    expect(options.attestation).toBe("direct");
    const { userId } = await finishSignUp(response, { deviceId: TEST_DEVICE_ID, client: CLIENT });
    expect(await prisma.passkey.findFirstOrThrow({ where: { userId } })).toMatchObject({ aaguid: COMPANY_KEY, attestationVerified: true, backupEligible: false });
  });

  it("refuses a verified key whose AAGUID is not on the list, telling which passkeys are accepted", async () => {
    usePolicy("allow-list");
    const other = createSoftwareAuthenticator({ ...SECURITY_KEY, aaguid: OTHER_VENDOR_KEY, attestation: keys.otherVendor });
    expect(await expectSignUpRefused(other, "provider_not_allowed")).toMatch(/only accepts passkeys from the security keys it has approved/);
  });

  it("refuses a chain from a CA the statements don't trust, even one with the trusted root's name", async () => {
    usePolicy("allow-list");
    const forger = await createAttestationCa();
    expect(forger.certificate.subject).toBe(vendorCa.certificate.subject);
    const forged = companyKey({ attestation: await issueAttestationKey(forger, COMPANY_KEY) });
    await expectSignUpRefused(forged, "attestation_not_trusted");
  });

  it("refuses an attestation signature the certificate's key did not make", async () => {
    usePolicy("allow-list");
    const stolenCertificate = { privateKey: (await issueAttestationKey(vendorCa, COMPANY_KEY)).privateKey, x5c: keys.company.x5c };
    await expectSignUpRefused(companyKey({ attestation: stolenCertificate }), "attestation_not_trusted");
  });

  it("refuses a certificate issued for another AAGUID than the authenticator reports", async () => {
    usePolicy("allow-list");
    await expectSignUpRefused(companyKey({ attestation: keys.undescribed }), "attestation_not_trusted");
  });

  it("refuses none and self attestation, even from an allowed AAGUID", async () => {
    usePolicy("allow-list");
    await expectSignUpRefused(companyKey({ attestation: "none" }), "attestation_not_trusted");
    await expectSignUpRefused(companyKey({ attestation: "self" }), "attestation_not_trusted");
  });

  it("keeps a refused passkey off an existing account too", async () => {
    usePolicy("allow-list");
    const { user } = await signUpAccount({ authenticator: { ...SECURITY_KEY, aaguid: COMPANY_KEY, attestation: keys.company } });
    const session = await openSession(user.id);
    const options = await startAddPasskey(session);
    const response = await createSoftwareAuthenticator({ ...SECURITY_KEY, aaguid: OTHER_VENDOR_KEY, attestation: keys.otherVendor }).createCredential(options, { origin: ORIGIN });
    await expectUserFacingError(finishAddPasskey(session, response, CLIENT), "provider_not_allowed", 403);
    expect(await prisma.passkey.count({ where: { userId: user.id } })).toBe(1);
  });

  it("stops an existing passkey whose AAGUID is not on the list from signing in or confirming", async () => {
    const { user, authenticator } = await signUpAccount({ authenticator: { aaguid: OTHER_VENDOR_KEY } });
    const listed = companyKey({ attestation: "none" });
    const session = await openSession(user.id);
    await finishAddPasskey(session, await listed.createCredential(await startAddPasskey(session), { origin: ORIGIN }), CLIENT);

    usePolicy("allow-list");
    await expectUserFacingError(signIn(authenticator), "provider_not_allowed", 403);
    // Registered before the policy, a listed AAGUID keeps working, though only its authenticator vouched for it.
    const { sessionId } = await signIn(listed);
    expect(await prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ userId: user.id, revokedAt: null });
    const stepUp = await startStepUp(await openSession(user.id));
    expect(stepUp.allowCredentials?.map((credential) => credential.id)).toEqual([listed.credentials()[0].id]);
  });
});

describe("PASSKEY_POLICY=device-bound", () => {
  it("saves a device-bound key with a trusted attestation from any described maker", async () => {
    usePolicy("device-bound");
    const { response } = await signUpResponse(createSoftwareAuthenticator({ ...SECURITY_KEY, aaguid: OTHER_VENDOR_KEY, attestation: keys.otherVendor }));
    const { userId } = await finishSignUp(response, { deviceId: TEST_DEVICE_ID, client: CLIENT });
    expect(await prisma.passkey.findFirstOrThrow({ where: { userId } })).toMatchObject({ aaguid: OTHER_VENDOR_KEY, attestationVerified: true });
  });

  it("refuses a synced passkey even with a trusted attestation", async () => {
    usePolicy("device-bound");
    const message = await expectSignUpRefused(companyKey(SYNCED), "synced_not_allowed");
    expect(message).toMatch(/only accepts passkeys that stay on one device/);
  });

  it("refuses none attestation (a password manager's synced passkey) and an AAGUID without a statement", async () => {
    usePolicy("device-bound");
    await expectSignUpRefused(createSoftwareAuthenticator({ ...SYNCED, attestation: "none" }), "attestation_not_trusted");
    await expectSignUpRefused(createSoftwareAuthenticator({ ...SECURITY_KEY, aaguid: UNDESCRIBED_KEY, attestation: keys.undescribed }), "attestation_not_trusted");
  });

  it("refuses sign-in with an existing synced passkey, whatever the account's own setting", async () => {
    const { user, authenticator } = await signUpAccount({ authenticator: SYNCED });
    expect(user.deviceBoundOnly).toBe(false);
    usePolicy("device-bound");
    const message = await signIn(authenticator).then(
      () => "",
      (error: Error) => error.message,
    );
    expect(message).toMatch(/^This portal only accepts passkeys that stay on one device, and this passkey is synced/);
    await expectUserFacingError(signIn(authenticator), "synced_not_allowed", 403);
  });

  it("signs out, at boot, the sessions synced passkeys opened before the policy was set, and no others", async () => {
    const synced = await signUpAccount({ authenticator: SYNCED });
    const bound = await signUpAccount({ authenticator: SECURITY_KEY });
    const [syncedSession, boundSession] = [(await signIn(synced.authenticator)).sessionId, (await signIn(bound.authenticator)).sessionId];
    expect(await signOutSessionsOutsideDeploymentPolicy()).toBe(0);

    usePolicy("device-bound");
    expect(await signOutSessionsOutsideDeploymentPolicy()).toBeGreaterThanOrEqual(1);
    expect(await prisma.session.findUniqueOrThrow({ where: { id: syncedSession } })).toMatchObject({ revokedAt: expect.any(Date) });
    expect(await prisma.session.findUniqueOrThrow({ where: { id: boundSession } })).toMatchObject({ revokedAt: null });
  });

  it("refuses a device-bound passkey once it reports that it syncs, and signs out the sessions it opened", async () => {
    const { user, authenticator, passkey } = await signUpAccount({ authenticator: SECURITY_KEY });
    usePolicy("device-bound");
    const { sessionId } = await signIn(authenticator);
    authenticator.setBackupFlags(passkey.credentialId, { backupEligible: true, backedUp: true });
    await expectUserFacingError(signIn(authenticator), "synced_not_allowed", 403);
    expect(await prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ userId: user.id, revokedAt: expect.any(Date) });
  });

  it("never offers the automatic (conditional create) add", async () => {
    const { user } = await signUpAccount();
    usePolicy("device-bound");
    const session = { ...(await openSession(user.id)), needsPasskeyHere: true };
    await expectUserFacingError(startAddPasskey(session, { automatic: true }), "automatic_not_offered", 409);
  });
});

describe("PASSKEY_POLICY=any (the default)", () => {
  it("asks for no attestation and saves a synced passkey, not marked verified", async () => {
    usePolicy("any");
    const { options, response } = await signUpResponse(createSoftwareAuthenticator(SYNCED));
    expect(options.attestation).toBe("none");
    const { userId } = await finishSignUp(response, { deviceId: TEST_DEVICE_ID, client: CLIENT });
    expect(await prisma.passkey.findFirstOrThrow({ where: { userId } })).toMatchObject({ backupEligible: true, attestationVerified: false });
  });

  it("does not mark a packed attestation verified: nothing was checked against", async () => {
    usePolicy("any");
    const { response } = await signUpResponse(companyKey());
    const { userId } = await finishSignUp(response, { deviceId: TEST_DEVICE_ID, client: CLIENT });
    expect(await prisma.passkey.findFirstOrThrow({ where: { userId } })).toMatchObject({ aaguid: COMPANY_KEY, attestationVerified: false });
  });
});
