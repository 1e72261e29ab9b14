import { z } from "zod";
import { startAuthentication } from "@/lib/authentication";
import { clientInfo } from "@/lib/client-info";
import { jsonRoute, readJsonBody } from "@/lib/http";
import { enforceRateLimits, LIMITS } from "@/lib/rate-limit";
import { emailSchema } from "@/lib/validation";

const bodySchema = z.object({ email: emailSchema.optional() });

export const POST = jsonRoute(async (request) => {
  const { email } = await readJsonBody(request, bodySchema);
  await enforceRateLimits([
    [LIMITS.signInOptionsPerIp, clientInfo(request.headers).ipAddress],
    [LIMITS.signInOptionsPerAccount, email],
  ]);
  return startAuthentication({ email });
});
