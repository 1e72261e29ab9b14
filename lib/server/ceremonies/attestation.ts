import "server-only";
import {
  MetadataService,
  verifyRegistrationResponse,
  type MetadataStatement,
  type RegistrationResponseJSON,
  type VerifiedRegistrationResponse,
  type VerifyRegistrationResponseOpts,
} from "@simplewebauthn/server";
import { decodeAttestationObject, isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";
import { env, type PasskeyPolicy } from "../platform/env";
import { UserFacingError } from "../platform/errors";
import { providerAllowed } from "../passkeys/policy";

// The deployment's provider policy at registration (PASSKEY_POLICY other than "any"): the new
// passkey's attestation must chain to a metadata statement from METADATA_DIR, and the policy's
// rules are then checked on what that attestation vouches for (AAGUID, backup eligibility).

type RegistrationInfo = NonNullable<VerifiedRegistrationResponse["registrationInfo"]>;

// The formats whose certificate chain @simplewebauthn/server checks against MetadataService's
// statement for the AAGUID. "none" and self attestation (no x5c) prove nothing about the maker;
// fido-u2f carries no AAGUID; apple and android-safetynet chain to built-in roots, not the operator's.
const CHAINED_FORMATS = new Set(["packed", "tpm", "android-key"]);

/** What the creation options ask for: attestation only when a policy will check it. */
export function attestationConveyance(): "direct" | "none" {
  return env().passkeyPolicy.kind === "any" ? "none" : "direct";
}

let trusted: { statements: MetadataStatement[]; ready: Promise<void> } | undefined;

/**
 * MetadataService is one object for the whole process, which verifyRegistrationResponse consults.
 * It gets the operator's statements and nothing else: no MDS server (no download, so no network),
 * and strict mode, so an AAGUID without a statement fails verification. Loaded again whenever the
 * configuration's statements change (a test's).
 */
export function trustConfiguredStatements(): Promise<void> {
  const policy = env().passkeyPolicy;
  if (policy.kind === "any") return Promise.resolve();
  if (trusted?.statements !== policy.statements) {
    trusted = { statements: policy.statements, ready: MetadataService.initialize({ mdsServers: [], statements: policy.statements, verificationMode: "strict" }) };
  }
  return trusted.ready;
}

/** Tests only: MetadataService back to knowing no statement, as in a process that never loaded any. */
export async function forgetTrustedStatementsForTests(): Promise<void> {
  trusted = undefined;
  await MetadataService.initialize({ mdsServers: [], statements: [], verificationMode: "permissive" });
}

function attestationNotTrusted(policy: Exclude<PasskeyPolicy, { kind: "any" }>): UserFacingError {
  const message = policy.kind === "allow-list" ? "attestationNotTrustedAllowList" : "attestationNotTrustedDeviceBound";
  return new UserFacingError("attestation_not_trusted", message, 403);
}

/** The same response as if its authenticator had sent "none" attestation: everything but the attestation is still checked. */
function withoutAttestation(response: RegistrationResponseJSON): RegistrationResponseJSON {
  const decoded = decodeAttestationObject(isoBase64URL.toBuffer(response.response.attestationObject));
  const stripped = isoCBOR.encode(new Map<string, string | Uint8Array | Map<string, never>>([["fmt", "none"], ["attStmt", new Map<string, never>()], ["authData", decoded.get("authData")]]));
  return { ...response, response: { ...response.response, attestationObject: isoBase64URL.fromBuffer(stripped) } };
}

/**
 * After verifyRegistrationResponse refused a response under a policy: the refusal to give when
 * the attestation alone was at fault (an unknown AAGUID, a chain to no trusted root, a bad
 * attestation signature), so the person learns which passkeys are accepted; null otherwise.
 */
export async function attestationRefusal(opts: VerifyRegistrationResponseOpts): Promise<UserFacingError | null> {
  const policy = env().passkeyPolicy;
  if (policy.kind === "any") return null;
  const rest = await verifyRegistrationResponse({ ...opts, response: withoutAttestation(opts.response) }).catch(() => ({ verified: false }));
  return rest.verified ? attestationNotTrusted(policy) : null;
}

function hasCertificateChain(attestationObject: RegistrationInfo["attestationObject"]): boolean {
  const statement = decodeAttestationObject(attestationObject).get("attStmt");
  return (statement.get("x5c")?.length ?? 0) > 0;
}

/**
 * The deployment's policy on a verified registration; returns whether its attestation was
 * verified against the operator's statements (always, under a policy; never under "any").
 */
export async function applyDeploymentPolicy(info: RegistrationInfo): Promise<boolean> {
  const policy = env().passkeyPolicy;
  if (policy.kind === "any") return false;
  // Checked here too, not left to the library: a "none" or self attestation verifies without any statement.
  const statement = await MetadataService.getStatement(info.aaguid).catch(() => undefined);
  if (!CHAINED_FORMATS.has(info.fmt) || !hasCertificateChain(info.attestationObject) || !statement) throw attestationNotTrusted(policy);
  if (!providerAllowed({ aaguid: info.aaguid })) throw new UserFacingError("provider_not_allowed", "providerNotAllowed", 403);
  if (policy.kind === "device-bound" && (info.credentialDeviceType === "multiDevice" || info.credentialBackedUp)) {
    throw new UserFacingError("synced_not_allowed", "syncedNotAccepted", 403);
  }
  return true;
}
