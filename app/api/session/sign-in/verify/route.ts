import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { recordEvent } from "@/lib/server/activity/activity";
import { verifyAssertion } from "@/lib/server/ceremonies/authentication";
import { clientInfo, type ClientInfo } from "@/lib/server/http/client-info";
import { deviceOf } from "@/lib/server/sessions/device";
import { isUserFacingError, type UserFacingError } from "@/lib/server/platform/errors";
import { jsonResponse, jsonRoute, readJsonBody } from "@/lib/server/http/http";
import { findPasskeyByCredentialId } from "@/lib/server/passkeys/passkeys";
import { enforceRateLimits, LIMITS } from "@/lib/server/security/rate-limit";
import { setSessionCookie } from "@/lib/server/sessions/session-cookie";
import { openSignInSession } from "@/lib/server/sessions/sign-in-session";
import { acceptedCredentialsSignalFor } from "@/lib/server/passkeys/signals";
import { authenticationResponseSchema, responseEnvelopeSchema } from "@/lib/server/http/validation";

const bodySchema = responseEnvelopeSchema(authenticationResponseSchema);
// Refusals that mean "this passkey of this account did not get in"; the owner sees them as failed attempts.
const FAILED_ATTEMPT = new Set(["verification_failed", "synced_not_allowed", "wrong_account"]);

/** Verifies a sign-in assertion and signs this browser in: the answer sets the session cookie. */
export const POST = jsonRoute(async (request) => {
  const { response } = await readJsonBody(request, bodySchema);
  const client = clientInfo(request.headers);
  const device = deviceOf(request);
  try {
    const { user, passkey, use, acceptedCredentialIds, knownDevice } = await verifyAssertion(response as AuthenticationResponseJSON, "authentication", {
      binding: device.id,
      deviceId: device.id,
      userAgent: client.userAgent,
      ipAddress: client.ipAddress,
      limits: [[LIMITS.signInPerIp, client.ipAddress]],
    });
    const sessionId = await openSignInSession({ userId: user.id, passkey, use, method: "passkey", deviceId: device.id, client, knownDevice });
    return setSessionCookie(jsonResponse({ signal: acceptedCredentialsSignalFor(user, acceptedCredentialIds) }), sessionId);
  } catch (error) {
    if (isUserFacingError(error)) await countFailure(error, response.id, client);
    throw error;
  }
});

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
