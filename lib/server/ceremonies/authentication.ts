import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { z } from "zod";
import { loadAssertionState } from "./assertion-state";
import { noteBackupState } from "../passkeys/backup-state";
import { challengeFromClientData, saveChallenge, type ChallengePurpose } from "./challenges";
import { refuseFramedCeremony } from "./client-data";
import { requireUserHandleIfUsernameless } from "./credential-checks";
import { env } from "../platform/env";
import { UserFacingError } from "../platform/errors";
import type { Passkey, User } from "../../generated/prisma/client";
import { hashedId, log } from "../platform/log";
import { listPasskeysForEmailSignIn, toWebAuthnCredential, type PasskeyUse } from "../passkeys/passkeys";
import { unusableReason, usablePasskeys, type UnusableReason } from "../passkeys/policy";
import { refuseIfLimited, type RateLimitCheck } from "../security/rate-limit";

const NOT_VERIFIED = "passkeyNotVerified";
const SYNCED_NOT_ALLOWED = "syncedNotAllowed";
const WRONG_ACCOUNT = "wrongAccount";

function unusableRefusal(reason: UnusableReason): UserFacingError {
  if (reason === "provider-not-allowed") return new UserFacingError("provider_not_allowed", "providerNotUsable", 403);
  return new UserFacingError("synced_not_allowed", reason === "deployment-device-bound" ? "syncedNotUsable" : SYNCED_NOT_ALLOWED, 403);
}

type AssertionPurpose = Extract<ChallengePurpose, "authentication" | "step-up">;
type AuthenticationTransports = NonNullable<Parameters<typeof generateAuthenticationOptions>[0]["allowCredentials"]>[number]["transports"];
type AllowedCredential = { id: string; transports?: AuthenticationTransports };

/** Stores a fresh challenge for an assertion ceremony and returns the browser's options. */
export async function assertionOptions(input: {
  purpose: AssertionPurpose;
  allow: AllowedCredential[];
  binding: string;
  userId?: string;
  data?: { accountIds: string[] };
  /** Counted in the same statement that stores the challenge (see saveChallenge). */
  limits?: RateLimitCheck[];
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({ rpID: env().rpId, allowCredentials: input.allow, userVerification: "required" });
  const { challenge } = options;
  await saveChallenge({ challenge, purpose: input.purpose, binding: input.binding, userId: input.userId, data: input.data, limits: input.limits });
  return options;
}

export function allowed(passkeys: Pick<Passkey, "credentialId" | "transports">[]): AllowedCredential[] {
  return passkeys.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports as AuthenticationTransports }));
}

// What real allow lists look like: platform passkeys (16–20 byte IDs), security keys (longer).
const DECOY_SHAPES: { bytes: number; transports: AuthenticationTransports }[] = [
  { bytes: 16, transports: ["hybrid", "internal"] },
  { bytes: 20, transports: ["internal"] },
  { bytes: 32, transports: ["hybrid", "internal"] },
  { bytes: 64, transports: ["usb"] },
  { bytes: 48, transports: ["nfc", "usb"] },
];

const DECOY_TAG_BYTES = 8;

function decoyTag(body: Uint8Array): Buffer {
  return createHmac("sha256", env().authSecret).update("portal decoy credential").update(body).digest().subarray(0, DECOY_TAG_BYTES);
}

/**
 * Credentials for an email without an account, derived from the email and the server secret:
 * the same on every request and shaped like real ones, so "Next" answers an unknown email
 * exactly as it answers a known one. No browser holds them, so the prompt finds no passkey.
 * Each ID ends in a MAC of the rest, so verify can recognise one without knowing the email.
 */
export function decoyCredentials(email: string): AllowedCredential[] {
  const bytes = Buffer.from(hkdfSync("sha256", env().authSecret, "portal decoy credentials", email, 256));
  const count = 1 + (bytes[0] % 2);
  const decoys: AllowedCredential[] = [];
  let offset = 8;
  for (let i = 0; i < count; i += 1) {
    const shape = DECOY_SHAPES[bytes[1 + i] % DECOY_SHAPES.length];
    const body = bytes.subarray(offset, offset + shape.bytes - DECOY_TAG_BYTES);
    decoys.push({ id: Buffer.concat([body, decoyTag(body)]).toString("base64url"), transports: shape.transports });
    offset += shape.bytes;
  }
  return decoys;
}

/** Whether a credential ID is one of the decoys "Next" hands out (a real ID matches with chance 2^-64). */
export function isDecoyCredentialId(credentialId: string): boolean {
  const bytes = Buffer.from(credentialId, "base64url");
  if (bytes.length <= DECOY_TAG_BYTES) return false;
  const body = bytes.subarray(0, bytes.length - DECOY_TAG_BYTES);
  return timingSafeEqual(bytes.subarray(bytes.length - DECOY_TAG_BYTES), decoyTag(body));
}

/**
 * Options for a sign-in ceremony. With an email, only the passkeys of the accounts that email
 * signs in to are allowed (decoys when there is none); without one, the browser offers any
 * discoverable passkey for this site (autofill or button). A sign-in offers every passkey,
 * synced ones included under the device-bound-only policy, so a person holding only a synced
 * one hears why it is refused (after its signature) instead of facing a prompt no device answers.
 */
export async function startAuthentication(input: {
  email?: string;
  binding: string;
  limits?: RateLimitCheck[];
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { binding, limits } = input;
  if (!input.email) return assertionOptions({ purpose: "authentication", allow: [], binding, limits });
  const passkeys = await listPasskeysForEmailSignIn(input.email);
  const accountIds = [...new Set(passkeys.map((passkey) => passkey.userId))];
  return assertionOptions({
    purpose: "authentication",
    allow: passkeys.length > 0 ? allowed(passkeys) : decoyCredentials(input.email),
    binding,
    data: { accountIds },
    limits,
  });
}

export interface VerifiedAssertion {
  user: User;
  passkey: Passkey;
  /** What to store about this use of the passkey (counter, backup state, last use): the caller writes it with the rest of its change. */
  use: PasskeyUse;
  /** The account's credential IDs, for the Signal API. */
  acceptedCredentialIds: string[];
  /** Whether the account has had a session in the context's `deviceId` browser before. */
  knownDevice: boolean;
  /** Whether the account has a recovery through its email in progress. */
  recoveryPending: boolean;
}

const emailFirstSchema = z.object({ accountIds: z.array(z.string()) });

export interface AssertionContext {
  /** The browser finishing the ceremony (see saveChallenge's binding). */
  binding: string;
  userAgent?: string | null;
  /** The client's address, for the activity entry and email of a passkey that turned synced. */
  ipAddress?: string | null;
  /** A step-up: the signed-in account, which the challenge must have been issued to. */
  userId?: string;
  /** Rate limits counted before anything else; past one, the request is refused and its challenge kept. */
  limits?: RateLimitCheck[];
  /** A sign-in: the browser's device ID, to tell whether the account has been signed in there before. */
  deviceId?: string;
  /** Extra rule for this ceremony, checked after the signature: a refusal, or null to accept. */
  accept?: (passkey: Passkey) => UserFacingError | null;
}

function challengeInvalid(): UserFacingError {
  return new UserFacingError("challenge_invalid", "signInChallengeInvalid");
}

/**
 * Verifies an assertion against the challenge it signed: single-use, unexpired, issued for this
 * purpose to this browser (and account, when one was named), from a passkey the account may use.
 * Which account a passkey belongs to is only told after its signature checks out, so a stranger
 * learns nothing about an email from the answers. Reads everything in one statement
 * (lib/server/ceremonies/assertion-state.ts) and writes nothing but a backup-state change: the caller records the
 * passkey's use in the same transaction as its own change.
 */
export async function verifyAssertion(
  response: AuthenticationResponseJSON,
  purpose: AssertionPurpose,
  context: AssertionContext,
): Promise<VerifiedAssertion> {
  refuseFramedCeremony(response.response.clientDataJSON);
  const challenge = challengeFromClientData(response.response.clientDataJSON);
  // Counted even without a readable challenge: a malformed attempt is still an attempt.
  const state = await loadAssertionState({ challenge: challenge ?? "", credentialId: response.id, limits: context.limits, deviceId: context.deviceId });
  refuseIfLimited(state.limits);
  const stored = state.challenge;
  if (
    !challenge ||
    !stored ||
    stored.purpose !== purpose ||
    stored.binding !== context.binding ||
    stored.expiresAt.getTime() <= Date.now() ||
    (context.userId && stored.userId !== context.userId)
  ) {
    throw challengeInvalid();
  }
  requireUserHandleIfUsernameless(response, { accountNamed: Boolean(stored.userId) || emailFirstSchema.safeParse(stored.data).success });
  const { passkey, user } = state;
  if (!passkey) {
    // A decoy from "Next" gets the answer a real passkey with a bad signature gets: otherwise
    // posting the IDs "Next" offered would tell real ones (accounts) from decoys (no account).
    if (isDecoyCredentialId(response.id)) throw new UserFacingError("verification_failed", NOT_VERIFIED, 401);
    throw new UserFacingError("unknown_credential", "unknownCredential", 401);
  }
  // A discoverable credential's userHandle must name the account that owns it.
  if (!user || (response.response.userHandle && response.response.userHandle !== user.userHandle)) {
    throw new UserFacingError("verification_failed", NOT_VERIFIED, 401);
  }
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      // ORIGINS and RELATED_ORIGINS, and nothing else (lib/server/platform/env.ts).
      expectedOrigin: env().acceptedOrigins,
      expectedRPID: env().rpId,
      credential: toWebAuthnCredential(passkey),
      requireUserVerification: true,
    });
  } catch (error) {
    log.warn("Authentication response rejected", { reason: (error as Error).message, account: hashedId(passkey.userId) });
    throw new UserFacingError("verification_failed", NOT_VERIFIED, 401);
  }
  if (!verification.verified) throw new UserFacingError("verification_failed", NOT_VERIFIED, 401);
  // Every verified assertion's backup flags are compared with the stored ones. A passkey that
  // turned synced meets the policy below at this very assertion, and its change is kept even so.
  const current = await noteBackupState(passkey, verification.authenticationInfo, { userAgent: context.userAgent ?? null, ipAddress: context.ipAddress ?? null });
  if (stored.userId && stored.userId !== passkey.userId) throw new UserFacingError("wrong_account", WRONG_ACCOUNT, 401);
  const emailFirst = emailFirstSchema.safeParse(stored.data);
  if (emailFirst.success && !emailFirst.data.accountIds.includes(passkey.userId)) {
    throw new UserFacingError("wrong_account", WRONG_ACCOUNT, 401);
  }
  const refusal = context.accept?.(passkey);
  if (refusal) throw refusal;
  // Checked only after the signature, so the policy is told to nobody who cannot prove the passkey.
  const unusable = unusableReason(user, current);
  if (unusable) throw unusableRefusal(unusable);
  const info = verification.authenticationInfo;
  return {
    user,
    passkey,
    use: { counter: info.newCounter, backedUp: info.credentialBackedUp, deviceType: info.credentialDeviceType, userAgent: context.userAgent },
    acceptedCredentialIds: state.acceptedCredentialIds,
    knownDevice: state.knownDevice,
    recoveryPending: state.recoveryPending,
  };
}
