import { z } from "zod";
import { startAuthentication } from "@/lib/server/ceremonies/authentication";
import { publicRoute } from "@/lib/server/http/route";
import { emailSchema } from "@/lib/server/http/validation";
import { LIMITS } from "@/lib/server/security/rate-limit";

const bodySchema = z.object({ email: emailSchema.optional() });

export const POST = publicRoute(
  {
    body: bodySchema,
    limits: ({ body, client }) => [
      [LIMITS.signInOptionsPerIp, client.ipAddress],
      // Per email *and* address: a stranger hammering someone's email spends only their own allowance.
      [LIMITS.signInOptionsPerAccount, body.email ? `${body.email} ${client.ipAddress ?? "unknown"}` : null],
    ],
    // Counted in the statement that stores the challenge: one round trip.
    limitsCountedByOperation: true,
    rememberDevice: true,
  },
  ({ body, device, limits }) => startAuthentication({ email: body.email, binding: device.id, limits }),
);
