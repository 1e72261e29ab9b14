import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { clientInfo } from "@/lib/client-info";
import { readJsonBody, signedInJsonRoute } from "@/lib/http";
import { limitAccountCeremony } from "@/lib/route-limits";
import { finishStepUp } from "@/lib/step-up";
import { authenticationResponseSchema, responseEnvelopeSchema } from "@/lib/validation";

const bodySchema = responseEnvelopeSchema(authenticationResponseSchema);

export const POST = signedInJsonRoute(async (request, session) => {
  const { response } = await readJsonBody(request, bodySchema);
  await limitAccountCeremony(session.userId, clientInfo(request.headers));
  await finishStepUp(session, response as AuthenticationResponseJSON, request.headers.get("user-agent"));
  return { verified: true };
});
