import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { readJsonBody, signedInJsonRoute } from "@/lib/http";
import { finishStepUp } from "@/lib/step-up";
import { authenticationResponseSchema, responseEnvelopeSchema } from "@/lib/validation";

const bodySchema = responseEnvelopeSchema(authenticationResponseSchema);

export const POST = signedInJsonRoute(async (request, session) => {
  const { response } = await readJsonBody(request, bodySchema);
  await finishStepUp(session, response as AuthenticationResponseJSON, request.headers.get("user-agent"));
  return { verified: true };
});
