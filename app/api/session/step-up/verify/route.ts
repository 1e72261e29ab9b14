import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { clientInfo } from "@/lib/server/http/client-info";
import { readJsonBody, signedInJsonRoute } from "@/lib/server/http/http";
import { limitAccountCeremony } from "@/lib/server/security/route-limits";
import { finishStepUp } from "@/lib/server/ceremonies/step-up";
import { authenticationResponseSchema, responseEnvelopeSchema } from "@/lib/server/http/validation";

const bodySchema = responseEnvelopeSchema(authenticationResponseSchema);

export const POST = signedInJsonRoute(async (request, session) => {
  const { response } = await readJsonBody(request, bodySchema);
  const client = clientInfo(request.headers);
  await limitAccountCeremony(session.userId, client);
  await finishStepUp(session, response as AuthenticationResponseJSON, client.userAgent, client.ipAddress);
  return { verified: true };
});
