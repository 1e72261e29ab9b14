import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { clientInfo } from "@/lib/server/http/client-info";
import { deviceOf } from "@/lib/server/sessions/device";
import { startSignUpConfirmation } from "@/lib/server/accounts/email-confirmation";
import { jsonResponse, jsonRoute, readJsonBody } from "@/lib/server/http/http";
import { finishSignUp } from "@/lib/server/ceremonies/registration";
import { setSessionCookie } from "@/lib/server/sessions/session-cookie";
import { responseEnvelopeSchema, registrationResponseSchema } from "@/lib/server/http/validation";

const bodySchema = responseEnvelopeSchema(registrationResponseSchema);

/** Creates the account with its first passkey, signs this browser in to it and mails the confirmation code. */
export const POST = jsonRoute(async (request) => {
  const { response } = await readJsonBody(request, bodySchema);
  const device = deviceOf(request);
  const client = clientInfo(request.headers);
  const { userId, sessionId } = await finishSignUp(response as RegistrationResponseJSON, { deviceId: device.id, client });
  // The account and its session exist now: a failed mail must not lose them. /account offers
  // "Send a new code" for exactly this.
  await startSignUpConfirmation(userId, client).catch((error: unknown) => console.error("Confirmation mail not queued after sign-up", error));
  return setSessionCookie(jsonResponse({}), sessionId);
});
