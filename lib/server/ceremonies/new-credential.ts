import "server-only";
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type GenerateRegistrationOptionsOpts,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  type VerifyRegistrationResponseOpts,
} from "@simplewebauthn/server";
import { defaultPasskeyName } from "../passkeys/aaguid";
import { applyDeploymentPolicy, attestationConveyance, attestationRefusal, trustConfiguredStatements } from "./attestation";
import type { Locale } from "../../shared/locale";
import { checkNewCredential } from "./credential-checks";
import { env } from "../platform/env";
import { UserFacingError } from "../platform/errors";
import type { User } from "../../generated/prisma/client";
import { log } from "../platform/log";
import { findPasskeyByCredentialId, type NewPasskey } from "../passkeys/passkeys";
import { knownTransports } from "../http/validation";
import type { PasskeyPlacement } from "../../shared/passkey-placement";

// What every way of adding a passkey shares (sign-up, adding one, recovery through the email):
// the creation options and the checks on what the authenticator made. Free of sessions, so a
// ceremony built on it stays a short import chain from the database.

// EdDSA, ES256, RS256: what platform authenticators and security keys actually use.
export const SUPPORTED_ALGORITHMS = [-8, -7, -257];

// The library sets the WebAuthn hint and the authenticator attachment for each (checked in its
// source, 14.0.3): "client-device" + platform, "hybrid" + cross-platform, "security-key" + cross-platform.
const AUTHENTICATOR_TYPES = {
  "this-device": "localDevice",
  "phone-or-tablet": "remoteDevice",
  "security-key": "securityKey",
} as const satisfies Record<PasskeyPlacement, GenerateRegistrationOptionsOpts["preferredAuthenticatorType"]>;

/**
 * What a registration offered: where to save the passkey (a person's choice), or an automatic add
 * (a conditional create; see refuseAutomaticAdd).
 */
export interface AddOffer {
  placement?: PasskeyPlacement;
  automatic?: boolean;
  /** The account's language, for the passkey's default name (stored, so written once). */
  locale?: Locale;
}

/**
 * Creation options for one account. Every registration requires a discoverable credential and
 * user verification (an automatic add only prefers it), and excludes the account's existing
 * passkeys so one authenticator never holds two of them. A placement, when chosen, steers the browser's prompt to that kind of authenticator.
 */
export async function creationOptionsFor(
  account: { userHandle: string; email: string; displayName: string },
  existing: { credentialId: string; transports: string[] }[],
  offer: AddOffer = {},
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { rpId, rpName } = env();
  return generateRegistrationOptions({
    rpName,
    rpID: rpId,
    userName: account.email,
    userDisplayName: account.displayName,
    userID: new Uint8Array(Buffer.from(account.userHandle, "base64url")),
    // Asked for only when the deployment's policy checks it (PASSKEY_POLICY).
    attestationType: attestationConveyance(),
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    // A conditional create cannot promise user verification (see verifyNewCredential).
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: offer.automatic ? "preferred" : "required" },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    preferredAuthenticatorType: offer.placement && AUTHENTICATOR_TYPES[offer.placement],
  });
}

export function credentialExists(): UserFacingError {
  return new UserFacingError("credential_exists", "credentialExists", 409);
}

/** The checks every passkey added to an existing account passes: the account's device-bound-only policy, and no credential registered twice (the deployment's policy is verifyNewCredential's). */
export async function refuseUnacceptableCredential(user: Pick<User, "deviceBoundOnly">, credential: NewPasskey): Promise<void> {
  if (user.deviceBoundOnly && credential.backupEligible) {
    throw new UserFacingError(
      "synced_not_allowed",
      "syncedNotAllowedNew",
      409,
    );
  }
  if (await findPasskeyByCredentialId(credential.credentialId)) throw credentialExists();
}

export async function verifyNewCredential(
  response: RegistrationResponseJSON,
  challenge: string,
  userAgent: string | null,
  offer: AddOffer,
): Promise<NewPasskey> {
  const { acceptedOrigins, rpId } = env();
  const opts: VerifyRegistrationResponseOpts = {
    response,
    expectedChallenge: challenge,
    // ORIGINS and RELATED_ORIGINS, and nothing else (lib/server/platform/env.ts).
    expectedOrigin: acceptedOrigins,
    expectedRPID: rpId,
    // A conditional create's authenticator sets neither flag (WebAuthn L3 §5.1.3): accepted only
    // for a challenge issued as automatic; every other check still applies.
    requireUserPresence: !offer.automatic,
    requireUserVerification: !offer.automatic,
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
  };
  await trustConfiguredStatements();
  let verification;
  try {
    verification = await verifyRegistrationResponse(opts);
  } catch (error) {
    log.warn("Registration response rejected", { reason: (error as Error).message });
    throw (await attestationRefusal(opts)) ?? new UserFacingError("verification_failed", "newPasskeyNotVerified");
  }
  if (!verification.verified) {
    // Only an attestation signature that does not verify gets here; the rest throws.
    throw (await attestationRefusal(opts)) ?? new UserFacingError("verification_failed", "newPasskeyNotVerified");
  }
  const info = verification.registrationInfo;
  checkNewCredential(response, info.credential);
  const attestationVerified = await applyDeploymentPolicy(info);
  // The library copies the browser's list verbatim; only values WebAuthn defines are kept.
  const transports = knownTransports(info.credential.transports ?? []);
  const attachment = response.authenticatorAttachment;
  return {
    credentialId: info.credential.id,
    publicKey: new Uint8Array(info.credential.publicKey),
    counter: BigInt(info.credential.counter),
    transports,
    aaguid: info.aaguid,
    deviceType: info.credentialDeviceType,
    backupEligible: info.credentialDeviceType === "multiDevice",
    backedUp: info.credentialBackedUp,
    attachment: attachment ?? null,
    name: defaultPasskeyName({ aaguid: info.aaguid, transports, attachment, placement: offer.placement, locale: offer.locale }),
    lastUsedUserAgent: userAgent,
    attestationVerified,
  };
}
