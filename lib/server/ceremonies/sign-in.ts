import "server-only";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { recordEvent } from "../activity/activity";
import type { ClientInfo } from "../http/client-info";
import { countOperation } from "../operations/counters";
import { prisma } from "../platform/db";
import { isUserFacingError, type UserFacingError } from "../platform/errors";
import { findPasskeyByCredentialId } from "../passkeys/passkeys";
import { answeredFromAnotherDevice } from "../passkeys/policy";
import { acceptedCredentialsSignalFor, type AcceptedCredentialsSignal } from "../passkeys/signals";
import { enforceRateLimits, LIMITS, type RateLimitCheck } from "../security/rate-limit";
import { openSignInSession } from "../sessions/sign-in-session";
import { verifyAssertion } from "./authentication";

// Refusals that mean "this passkey of this account did not get in"; the owner sees them as failed attempts.
const FAILED_ATTEMPT = new Set(["verification_failed", "synced_not_allowed", "wrong_account"]);

/**
 * A passkey sign-in: verifies the assertion and opens the session it earned (with its activity
 * entry). A refusal is charged to the account whose passkey it claimed and, when it was that
 * passkey failing, shown to the owner as a failed attempt.
 */
export async function signInWithPasskey(
  response: AuthenticationResponseJSON,
  context: { deviceId: string; client: ClientInfo; limits: RateLimitCheck[] },
): Promise<{ sessionId: string; signal: AcceptedCredentialsSignal }> {
  const { deviceId, client } = context;
  try {
    const { user, passkey, use, acceptedCredentialIds, knownDevice, recoveryPending } = await verifyAssertion(response, "authentication", {
      binding: deviceId,
      deviceId,
      userAgent: client.userAgent,
      ipAddress: client.ipAddress,
      limits: context.limits,
    });
    const sessionId = await openSignInSession({
      userId: user.id,
      passkey,
      use,
      method: "passkey",
      deviceId,
      client,
      knownDevice,
      recoveryPending,
      passkeyFromAnotherDevice: answeredFromAnotherDevice(response.authenticatorAttachment, passkey.transports),
    });
    return { sessionId, signal: acceptedCredentialsSignalFor(user, acceptedCredentialIds) };
  } catch (error) {
    if (isUserFacingError(error)) {
      // For the operator dashboard: refusals by reason, counted off the answer's path (counters.ts).
      countOperation(prisma, "sign_in_failure", error.code);
      await countFailure(error, response.id, client);
    }
    throw error;
  }
}

/**
 * Charges a refused sign-in to the account whose passkey it claimed. Only failures look the
 * passkey up, so a successful sign-in never pays for it. Past the account's allowance, a flood of
 * failures gets 429 (and stops filling its activity).
 */
async function countFailure(error: UserFacingError, credentialId: string, client: ClientInfo): Promise<void> {
  const claimed = await findPasskeyByCredentialId(credentialId);
  // A refusal for too many attempts is not another attempt to charge.
  if (!claimed || error.code === "rate_limited") return;
  await enforceRateLimits([[LIMITS.signInFailuresPerAccount, claimed.userId]]);
  if (FAILED_ATTEMPT.has(error.code)) {
    await recordEvent({ userId: claimed.userId, type: "sign_in_failed", client, detail: { method: "passkey", passkeyName: claimed.name } });
  }
}
