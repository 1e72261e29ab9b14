import "server-only";
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { challengeFromClientData, consumeChallenge, saveChallenge, type ChallengePurpose } from "./challenges";
import { refuseFramedCeremony } from "./client-data";
import { requireUserHandleIfUsernameless } from "./credential-checks";
import { env } from "./env";
import { UserFacingError } from "./errors";
import type { Passkey, User } from "./generated/prisma/client";
import { logText } from "./log";
import {
  findPasskeyByCredentialId,
  isSynced,
  listPasskeysForUser,
  recordPasskeyUse,
  toWebAuthnCredential,
} from "./passkeys";
import { findUserByEmail, findUserById } from "./users";

const NOT_VERIFIED = "We couldn't verify that passkey. Please try again.";
export const SYNCED_NOT_ALLOWED =
  "Your account only allows passkeys that stay on one device, and this passkey is synced. Use a device-bound passkey, such as a security key.";

type AssertionPurpose = Extract<ChallengePurpose, "authentication" | "step-up">;
type AllowedCredential = { id: string; transports?: AuthenticationTransports };
type AuthenticationTransports = NonNullable<Parameters<typeof generateAuthenticationOptions>[0]["allowCredentials"]>[number]["transports"];

/** The passkeys an account may sign in with: all of them, or only device-bound ones by its owner's choice. */
export function usablePasskeys(user: Pick<User, "deviceBoundOnly">, passkeys: Passkey[]): Passkey[] {
  return user.deviceBoundOnly ? passkeys.filter((passkey) => !isSynced(passkey)) : passkeys;
}

async function requestOptions(purpose: AssertionPurpose, user: User | null): Promise<PublicKeyCredentialRequestOptionsJSON> {
  let allowCredentials: AllowedCredential[] = [];
  if (user) {
    // A sign-in offers every passkey, so a person holding only a synced one hears why it is
    // refused (after its signature) instead of facing a prompt no device can answer; a step-up
    // offers only the passkeys that can pass.
    const passkeys = await listPasskeysForUser(user.id);
    const offered = purpose === "step-up" ? usablePasskeys(user, passkeys) : passkeys;
    allowCredentials = offered.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports as AuthenticationTransports,
    }));
  }
  const options = await generateAuthenticationOptions({ rpID: env().rpId, allowCredentials, userVerification: "required" });
  await saveChallenge({ challenge: options.challenge, purpose, userId: user?.id });
  return options;
}

/**
 * Options for a sign-in ceremony. With an email, only that account's passkeys are allowed;
 * without one, the browser offers any discoverable passkey for this site (autofill or button).
 */
export async function startAuthentication(input: { email?: string }): Promise<PublicKeyCredentialRequestOptionsJSON> {
  if (!input.email) return requestOptions("authentication", null);
  const user = await findUserByEmail(input.email);
  if (!user) {
    throw new UserFacingError("unknown_email", "We couldn't find an account with that email. Check it, or create an account.", 404);
  }
  return requestOptions("authentication", user);
}

/** Options to re-confirm a signed-in person with one of their own passkeys (step-up). */
export async function startStepUp(user: User): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return requestOptions("step-up", user);
}

export interface VerifiedAssertion {
  user: User;
  passkey: Passkey;
}

/**
 * Verifies an assertion against the challenge it signed: single-use, unexpired, issued for this
 * purpose (and account, when one was named), from a passkey the account may use.
 */
export async function verifyAssertion(
  response: AuthenticationResponseJSON,
  purpose: AssertionPurpose,
  context: { userAgent?: string | null; userId?: string } = {},
): Promise<VerifiedAssertion> {
  refuseFramedCeremony(response.response.clientDataJSON);
  const challenge = challengeFromClientData(response.response.clientDataJSON);
  const stored = challenge ? await consumeChallenge(challenge, purpose) : null;
  if (!challenge || !stored || (context.userId && stored.userId !== context.userId)) {
    throw new UserFacingError("challenge_invalid", "This sign-in request has expired or was already used. Please try again.");
  }
  requireUserHandleIfUsernameless(stored, response);
  const passkey = await findPasskeyByCredentialId(response.id);
  if (!passkey) {
    throw new UserFacingError("unknown_credential", "This passkey isn't registered with us. It may have been removed; try another passkey or create an account.", 401);
  }
  if (stored.userId && stored.userId !== passkey.userId) {
    throw new UserFacingError("wrong_account", "That passkey belongs to a different account than the email you entered.", 401);
  }
  const user = await findUserById(passkey.userId);
  // A discoverable credential's userHandle must name the account that owns it.
  if (!user || (response.response.userHandle && response.response.userHandle !== user.userHandle)) {
    throw new UserFacingError("verification_failed", NOT_VERIFIED, 401);
  }
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: env().origins,
      expectedRPID: env().rpId,
      credential: toWebAuthnCredential(passkey),
      requireUserVerification: true,
    });
  } catch (error) {
    console.warn(`Authentication response rejected: ${logText((error as Error).message)}`);
    throw new UserFacingError("verification_failed", NOT_VERIFIED, 401);
  }
  if (!verification.verified) throw new UserFacingError("verification_failed", NOT_VERIFIED, 401);
  // Checked only after the signature, so the policy is told to nobody who cannot prove the passkey.
  if (user.deviceBoundOnly && isSynced(passkey)) throw new UserFacingError("synced_not_allowed", SYNCED_NOT_ALLOWED, 403);
  const info = verification.authenticationInfo;
  await recordPasskeyUse(passkey.id, {
    counter: info.newCounter,
    backedUp: info.credentialBackedUp,
    deviceType: info.credentialDeviceType,
    userAgent: context.userAgent,
  });
  return { user, passkey };
}

/** Verifies a sign-in assertion and returns the account and passkey it proves. */
export async function finishAuthentication(
  response: AuthenticationResponseJSON,
  userAgent?: string | null,
): Promise<{ userId: string; passkeyId: string }> {
  const { user, passkey } = await verifyAssertion(response, "authentication", { userAgent });
  return { userId: user.id, passkeyId: passkey.id };
}
