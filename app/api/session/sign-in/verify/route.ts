import { signInWithPasskey } from "@/lib/server/ceremonies/sign-in";
import { publicRoute } from "@/lib/server/http/route";
import { authenticationResponseSchema, responseEnvelopeSchema } from "@/lib/server/http/validation";
import { LIMITS } from "@/lib/server/security/rate-limit";

/** Verifies a sign-in assertion and signs this browser in: the answer sets the session cookie. */
export const POST = publicRoute(
  {
    body: responseEnvelopeSchema(authenticationResponseSchema),
    limits: ({ client }) => [[LIMITS.signInPerIp, client.ipAddress]],
    // Counted in the statement that spends the challenge: one round trip.
    limitsCountedByOperation: true,
  },
  async ({ body, device, client, limits, signIn }) => {
    const { sessionId, signal } = await signInWithPasskey(body.response, { deviceId: device.id, client, limits });
    signIn(sessionId);
    return { signal };
  },
);
