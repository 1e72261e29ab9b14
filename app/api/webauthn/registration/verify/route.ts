import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { clientInfo } from "@/lib/client-info";
import { deviceOf } from "@/lib/device";
import { jsonResponse, jsonRoute, readJsonBody } from "@/lib/http";
import { finishSignUp } from "@/lib/registration";
import { setSessionCookie } from "@/lib/session-cookie";
import { responseEnvelopeSchema, registrationResponseSchema } from "@/lib/validation";

const bodySchema = responseEnvelopeSchema(registrationResponseSchema);

/** Creates the account with its first passkey and signs this browser in to it. */
export const POST = jsonRoute(async (request) => {
  const { response } = await readJsonBody(request, bodySchema);
  const device = deviceOf(request);
  const { sessionId } = await finishSignUp(response as RegistrationResponseJSON, { deviceId: device.id, client: clientInfo(request.headers) });
  return setSessionCookie(jsonResponse({}), sessionId);
});
