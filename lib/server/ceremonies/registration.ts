import "server-only";
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { recordEventIn } from "../activity/activity";
import { challengeFromClientData, consumeChallenge, saveChallenge } from "./challenges";
import type { ClientInfo } from "../http/client-info";
import { refuseFramedCeremony } from "./client-data";
import { creationOptionsFor, credentialExists, refuseUnacceptableCredential, verifyNewCredential, type AddOffer } from "./new-credential";
import { prisma } from "../platform/db";
import { UserFacingError } from "../platform/errors";
import { log } from "../platform/log";
import { env } from "../platform/env";
import { Prisma, type Passkey, type Session, type User } from "../../generated/prisma/client";
import { deliverSoon } from "../activity/mail-queue";
import { findPasskeyByCredentialId, listPasskeysForUser, savePasskey } from "../passkeys/passkeys";
import { answeredFromAnotherDevice } from "../passkeys/policy";
import { notePasskeyAddedHere } from "../sessions/sessions";
import { openSignInSessionIn } from "../sessions/sign-in-session";
import { createAccount, newUserHandle } from "../accounts/users";
import { accountLocale } from "../accounts/account-locale";
import { startSignUpConfirmation } from "../accounts/email-confirmation";
import { PASSKEY_PLACEMENTS, type PasskeyPlacement } from "../../shared/passkey-placement";
import { DEFAULT_LOCALE, type Locale } from "../../shared/locale";

const pendingSignUpSchema = z.object({ email: z.string(), displayName: z.string(), userHandle: z.string() });
const automaticAddSchema = z.object({ automatic: z.literal(true) });

// Kept in the challenge, so the name comes from what this server offered, not from the browser.
const placementDataSchema = z.object({ placement: z.enum(PASSKEY_PLACEMENTS).optional() });

function placementIn(data: unknown): PasskeyPlacement | undefined {
  const parsed = placementDataSchema.safeParse(data);
  return parsed.success ? parsed.data.placement : undefined;
}

/**
 * Options for a new account. Any well-formed address is accepted, taken or not, so sign-up tells
 * nobody which addresses have accounts: the account starts unconfirmed, and only the address's
 * owner can confirm it (lib/server/accounts/email-confirmation.ts).
 */
export async function startSignUp(input: {
  email: string;
  displayName: string;
  binding: string;
  placement?: PasskeyPlacement;
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const pending = { email: input.email, displayName: input.displayName, userHandle: newUserHandle() };
  const options = await creationOptionsFor(pending, [], { placement: input.placement });
  const data = input.placement ? { ...pending, placement: input.placement } : pending;
  await saveChallenge({ challenge: options.challenge, purpose: "registration", binding: input.binding, data });
  return options;
}

/** The browser that signs up; its language becomes the account's (the language of its emails). */
interface SignUpContext {
  deviceId: string;
  client: ClientInfo;
  locale?: Locale;
}

/**
 * Verifies a new account's first passkey, then creates the account with its activity entry and
 * its first session in one transaction: either the person is signed in to a new account, or
 * nothing was created and they can simply try again.
 */
export async function finishSignUp(
  response: RegistrationResponseJSON,
  context: SignUpContext,
): Promise<{ userId: string; sessionId: string }> {
  refuseFramedCeremony(response.response.clientDataJSON);
  const challenge = challengeFromClientData(response.response.clientDataJSON);
  const stored = challenge ? await consumeChallenge(challenge, "registration", context.deviceId) : null;
  const pending = pendingSignUpSchema.safeParse(stored?.data);
  if (!challenge || !stored || stored.userId || !pending.success) {
    throw new UserFacingError("challenge_invalid", "signUpChallengeInvalid");
  }
  const credential = await verifyNewCredential(response, challenge, context.client.userAgent, { placement: placementIn(stored.data), locale: context.locale });
  if (await findPasskeyByCredentialId(credential.credentialId)) throw credentialExists();
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await createAccount(tx, { ...pending.data, locale: context.locale ?? DEFAULT_LOCALE });
      const passkey = await savePasskey(tx, user.id, credential);
      await recordEventIn(tx, { userId: user.id, type: "account_created", client: context.client, detail: { passkeyName: passkey.name } });
      const { sessionId } = await openSignInSessionIn(tx, {
        userId: user.id,
        passkey,
        method: "signup",
        deviceId: context.deviceId,
        client: context.client,
      });
      return { userId: user.id, sessionId };
    });
  } catch (error) {
    // The same credential registered by a concurrent request: the only unique value left to collide.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw credentialExists();
    throw error;
  }
}

/**
 * Sign-up as the browser asks for it: creates the account with its first passkey and session,
 * then queues the confirmation code. The account and its session exist by then, so a failed
 * mail must not lose them: /account offers "Send a new code" for exactly this.
 */
export async function signUp(response: RegistrationResponseJSON, context: SignUpContext): Promise<{ userId: string; sessionId: string }> {
  const created = await finishSignUp(response, context);
  await startSignUpConfirmation(created.userId, context.client).catch((error: unknown) => log.error("Confirmation mail not queued after sign-up", { error }));
  return created;
}

type SignedInAs = Pick<Session, "id" | "userId"> & Partial<Pick<Session, "needsPasskeyHere">> & { user: User };

/**
 * An automatic add: the browser creates the passkey quietly (conditional create), and its
 * authenticator may then report neither user presence nor user verification. Offered only to a
 * session whose browser holds none of the account's passkeys (it signed in with a recovery code
 * or a phone's passkey and has added none since), and never under the device-bound-only policy,
 * which would refuse the synced passkey such a browser makes, nor under a deployment policy. Any other session, a stolen one
 * included, adds passkeys only through the prompt, with user verification.
 */
function refuseAutomaticAdd(session: SignedInAs): UserFacingError | null {
  // The browser's password manager makes such passkeys, with no attestation a deployment policy accepts.
  if (env().passkeyPolicy.kind !== "any") return new UserFacingError("automatic_not_offered", "automaticNotOffered", 409);
  if (session.user.deviceBoundOnly) {
    return new UserFacingError("automatic_not_offered", "automaticDeviceBoundOnly", 409);
  }
  if (!session.needsPasskeyHere) {
    return new UserFacingError("automatic_not_offered", "automaticNotInSession", 403);
  }
  return null;
}

/**
 * Options to add another passkey to a signed-in account; its existing passkeys are excluded. The
 * caller has checked the session may add one (requireMayAddPasskey); the challenge then carries
 * that permission to this session's verify request only, and says whether it was automatic.
 */
export async function startAddPasskey(session: SignedInAs, offer: AddOffer = {}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const refusal = offer.automatic ? refuseAutomaticAdd(session) : null;
  if (refusal) throw refusal;
  const options = await creationOptionsFor(session.user, await listPasskeysForUser(session.userId), offer);
  const data = offer.automatic ? { automatic: true } : offer.placement ? { placement: offer.placement } : undefined;
  await saveChallenge({ challenge: options.challenge, purpose: "registration", binding: session.id, userId: session.userId, data });
  return options;
}

/** Verifies and stores the new passkey, with its activity entry and email in the same transaction. */
export async function finishAddPasskey(session: SignedInAs, response: RegistrationResponseJSON, client: ClientInfo): Promise<Passkey> {
  const { user } = session;
  refuseFramedCeremony(response.response.clientDataJSON);
  const challenge = challengeFromClientData(response.response.clientDataJSON);
  const stored = challenge ? await consumeChallenge(challenge, "registration", session.id) : null;
  if (!challenge || !stored || stored.userId !== user.id) {
    throw new UserFacingError("challenge_invalid", "addPasskeyChallengeInvalid");
  }
  const automatic = automaticAddSchema.safeParse(stored.data).success;
  // The session may have added a passkey (or its account changed policy) since the options.
  const refusal = automatic ? refuseAutomaticAdd(session) : null;
  if (refusal) throw refusal;
  const credential = await verifyNewCredential(response, challenge, client.userAgent, { automatic, placement: placementIn(stored.data), locale: accountLocale(user) });
  await refuseUnacceptableCredential(user, credential);
  try {
    const passkey = await prisma.$transaction(async (tx) => {
      const created = await savePasskey(tx, user.id, credential, session.id);
      // A passkey made on a phone through hybrid leaves this browser still without one.
      if (!answeredFromAnotherDevice(response.authenticatorAttachment, response.response.transports ?? [])) await notePasskeyAddedHere(tx, session);
      await recordEventIn(tx, { userId: user.id, type: "passkey_added", client, detail: { passkeyName: created.name }, notify: "passkey_added" });
      return created;
    });
    deliverSoon();
    return passkey;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw credentialExists();
    throw error;
  }
}
