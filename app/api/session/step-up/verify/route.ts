import { finishStepUp } from "@/lib/server/ceremonies/step-up";
import { signedInRoute } from "@/lib/server/http/route";
import { authenticationResponseSchema, responseEnvelopeSchema } from "@/lib/server/http/validation";
import { accountCeremonyLimits } from "@/lib/server/security/route-limits";

export const POST = signedInRoute(
  { body: responseEnvelopeSchema(authenticationResponseSchema), limits: accountCeremonyLimits },
  async ({ session, body, client }) => {
    await finishStepUp(session, body.response, client.userAgent, client.ipAddress);
    return { verified: true };
  },
);
