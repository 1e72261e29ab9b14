import "server-only";
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { z } from "zod";
import { defaultPasskeyName } from "./aaguid";
import { challengeFromClientData, consumeChallenge, saveChallenge } from "./challenges";
import { refuseFramedCeremony } from "./client-data";
import { checkNewCredential } from "./credential-checks";
import { prisma } from "./db";
import { env } from "./env";
import { UserFacingError } from "./errors";
import { Prisma, type Passkey, type User } from "./generated/prisma/client";
import { logText } from "./log";
import { findPasskeyByCredentialId, listPasskeysForUser } from "./passkeys";
import { findUserByEmail, newUserHandle } from "./users";
import { knownTransports } from "./validation";

// EdDSA, ES256, RS256: what platform authenticators and security keys actually use.
export const SUPPORTED_ALGORITHMS = [-8, -7, -257];

const EMAIL_TAKEN = "An account with this email already exists. Sign in instead.";

const pendingSignUpSchema = z.object({ email: z.string(), displayName: z.string(), userHandle: z.string() });

/**
 * Creation options for one account. Every registration requires a discoverable credential and
 * user verification, and excludes the account's existing passkeys so one authenticator never
 * holds two of them.
 */
async function creationOptionsFor(
  account: { userHandle: string; email: string; displayName: string },
  existing: { credentialId: string; transports: string[] }[],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { rpId, rpName } = env();
  return generateRegistrationOptions({
    rpName,
    rpID: rpId,
    userName: account.email,
    userDisplayName: account.displayName,
    userID: new Uint8Array(Buffer.from(account.userHandle, "base64url")),
    attestationType: "none",
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
  });
}

export async function startSignUp(input: { email: string; displayName: string }): Promise<PublicKeyCredentialCreationOptionsJSON> {
  if (await findUserByEmail(input.email)) throw new UserFacingError("email_taken", EMAIL_TAKEN, 409);
  const pending = { email: input.email, displayName: input.displayName, userHandle: newUserHandle() };
  const options = await creationOptionsFor(pending, []);
  await saveChallenge({ challenge: options.challenge, purpose: "registration", data: pending });
  return options;
}

/** Verifies a new account's first passkey and creates the account; returns who to sign in. */
export async function finishSignUp(
  response: RegistrationResponseJSON,
  userAgent: string | null = null,
): Promise<{ userId: string; passkeyId: string }> {
  refuseFramedCeremony(response.response.clientDataJSON);
  const challenge = challengeFromClientData(response.response.clientDataJSON);
  const stored = challenge ? await consumeChallenge(challenge, "registration") : null;
  const pending = pendingSignUpSchema.safeParse(stored?.data);
  if (!challenge || !stored || stored.userId || !pending.success) {
    throw new UserFacingError("challenge_invalid", "This sign-up request has expired or was already used. Please try again.");
  }
  const credential = await verifyNewCredential(response, challenge, userAgent);
  if (await findPasskeyByCredentialId(credential.credentialId)) throw credentialExists();
  try {
    const user = await prisma.user.create({
      data: {
        email: pending.data.email,
        displayName: pending.data.displayName,
        userHandle: pending.data.userHandle,
        passkeys: { create: credential },
      },
      include: { passkeys: true },
    });
    return { userId: user.id, passkeyId: user.passkeys[0].id };
  } catch (error) {
    // Unique violations that slipped past the checks above in a race: decide which one it was.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const target = JSON.stringify(error.meta ?? {});
      if (target.includes("credential")) throw credentialExists();
      throw new UserFacingError("email_taken", EMAIL_TAKEN, 409);
    }
    throw error;
  }
}

function credentialExists(): UserFacingError {
  return new UserFacingError("credential_exists", "This passkey is already registered to an account.", 409);
}

/** Options to add another passkey to a signed-in account; its existing passkeys are excluded. */
export async function startAddPasskey(user: User): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const options = await creationOptionsFor(user, await listPasskeysForUser(user.id));
  await saveChallenge({ challenge: options.challenge, purpose: "registration", userId: user.id });
  return options;
}

export async function finishAddPasskey(user: User, response: RegistrationResponseJSON, userAgent: string | null): Promise<Passkey> {
  refuseFramedCeremony(response.response.clientDataJSON);
  const challenge = challengeFromClientData(response.response.clientDataJSON);
  const stored = challenge ? await consumeChallenge(challenge, "registration") : null;
  if (!challenge || !stored || stored.userId !== user.id) {
    throw new UserFacingError("challenge_invalid", "This request to add a passkey has expired or was already used. Please try again.");
  }
  const credential = await verifyNewCredential(response, challenge, userAgent);
  if (user.deviceBoundOnly && credential.backupEligible) {
    throw new UserFacingError(
      "synced_not_allowed",
      "Your account only allows passkeys that stay on one device, and this one would sync to your other devices. Use a security key or a device-bound passkey, or change the setting below.",
      409,
    );
  }
  if (await findPasskeyByCredentialId(credential.credentialId)) throw credentialExists();
  try {
    return await prisma.passkey.create({ data: { ...credential, userId: user.id } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw credentialExists();
    throw error;
  }
}

type NewPasskey = Omit<Prisma.PasskeyCreateWithoutUserInput, "id" | "createdAt">;

async function verifyNewCredential(response: RegistrationResponseJSON, challenge: string, userAgent: string | null): Promise<NewPasskey> {
  const { origins, rpId } = env();
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origins,
      expectedRPID: rpId,
      requireUserVerification: true,
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
  } catch (error) {
    console.warn(`Registration response rejected: ${logText((error as Error).message)}`);
    throw new UserFacingError("verification_failed", "We couldn't verify your passkey. Please try again.");
  }
  if (!verification.verified) {
    throw new UserFacingError("verification_failed", "We couldn't verify your passkey. Please try again.");
  }
  const info = verification.registrationInfo;
  checkNewCredential(response, info.credential);
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
    name: defaultPasskeyName({ aaguid: info.aaguid, transports, attachment }),
    lastUsedUserAgent: userAgent,
  };
}
