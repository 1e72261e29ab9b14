import "server-only";
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { challengeFromClientData, consumeChallenge, saveChallenge } from "./challenges";
import { env } from "./env";
import { UserFacingError } from "./errors";
import { findPasskeyByCredentialId, listPasskeysForUser, recordPasskeyUse, toWebAuthnCredential } from "./passkeys";
import { findUserByEmail, findUserById } from "./users";

const NOT_VERIFIED = "We couldn't verify that passkey. Please try again.";

/**
 * Options for a sign-in ceremony. With an email, only that account's passkeys are allowed;
 * without one, the browser offers any discoverable passkey for this site (autofill or button).
 */
export async function startAuthentication(input: { email?: string }): Promise<PublicKeyCredentialRequestOptionsJSON> {
  let userId: string | undefined;
  let allowCredentials: { id: string; transports?: AuthenticationTransports }[] = [];
  if (input.email) {
    const user = await findUserByEmail(input.email);
    if (!user) {
      throw new UserFacingError("unknown_email", "We couldn't find an account with that email. Check it, or create an account.", 404);
    }
    userId = user.id;
    const passkeys = await listPasskeysForUser(user.id);
    allowCredentials = passkeys.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports as AuthenticationTransports,
    }));
  }
  const options = await generateAuthenticationOptions({
    rpID: env().rpId,
    allowCredentials,
    userVerification: "required",
  });
  await saveChallenge({ challenge: options.challenge, purpose: "authentication", userId });
  return options;
}

type AuthenticationTransports = NonNullable<Parameters<typeof generateAuthenticationOptions>[0]["allowCredentials"]>[number]["transports"];

/** Verifies an assertion and returns the account and passkey it proves. */
export async function finishAuthentication(response: AuthenticationResponseJSON): Promise<{ userId: string; passkeyId: string }> {
  const challenge = challengeFromClientData(response.response.clientDataJSON);
  const stored = challenge ? await consumeChallenge(challenge, "authentication") : null;
  if (!challenge || !stored) {
    throw new UserFacingError("challenge_invalid", "This sign-in request has expired or was already used. Please try again.");
  }
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
    console.warn("Authentication response rejected:", (error as Error).message);
    throw new UserFacingError("verification_failed", NOT_VERIFIED, 401);
  }
  if (!verification.verified) throw new UserFacingError("verification_failed", NOT_VERIFIED, 401);
  const info = verification.authenticationInfo;
  await recordPasskeyUse(passkey.id, {
    counter: info.newCounter,
    backedUp: info.credentialBackedUp,
    deviceType: info.credentialDeviceType,
  });
  return { userId: user.id, passkeyId: passkey.id };
}
