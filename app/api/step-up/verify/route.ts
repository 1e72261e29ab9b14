import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { clientInfo } from "@/lib/client-info";
import { readJsonBody, signedInJsonRoute } from "@/lib/http";
import { limitAccountCeremony } from "@/lib/route-limits";
import { finishStepUp } from "@/lib/step-up";
import { authenticationResponseSchema, responseEnvelopeSchema } from "@/lib/validation";

const bodySchema = responseEnvelopeSchema(authenticationResponseSchema);

export const POST = signedInJsonRoute(async (request, session) => {
  const { response } = await readJsonBody(request, bodySchema);
  const client = clientInfo(request.headers);
  await limitAccountCeremony(session.userId, client);
  await finishStepUp(session, response as AuthenticationResponseJSON, client.userAgent, client.ipAddress);
  return { verified: true };
});
