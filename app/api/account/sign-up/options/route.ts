import { z } from "zod";
import { startSignUp } from "@/lib/server/ceremonies/registration";
import { publicRoute } from "@/lib/server/http/route";
import { displayNameSchema, emailSchema, passkeyPlacementSchema } from "@/lib/server/http/validation";
import { LIMITS } from "@/lib/server/security/rate-limit";

const bodySchema = z.object({ email: emailSchema, name: displayNameSchema, placement: passkeyPlacementSchema });

export const POST = publicRoute(
  {
    body: bodySchema,
    limits: ({ body, client }) => [
      [LIMITS.signUpPerIp, client.ipAddress],
      [LIMITS.signUpPerEmail, body.email],
    ],
    rememberDevice: true,
  },
  ({ body, device }) => startSignUp({ email: body.email, displayName: body.name, binding: device.id, placement: body.placement }),
);
