import { z } from "zod";
import { startAuthentication } from "@/lib/server/ceremonies/authentication";
import { clientInfo } from "@/lib/server/http/client-info";
import { deviceOf, rememberDevice } from "@/lib/server/sessions/device";
import { jsonResponse, jsonRoute, readJsonBody } from "@/lib/server/http/http";
import { LIMITS, type RateLimitCheck } from "@/lib/server/security/rate-limit";
import { emailSchema } from "@/lib/server/http/validation";

const bodySchema = z.object({ email: emailSchema.optional() });

export const POST = jsonRoute(async (request) => {
  const { email } = await readJsonBody(request, bodySchema);
  const client = clientInfo(request.headers);
  const device = deviceOf(request);
  const limits = [
    [LIMITS.signInOptionsPerIp, client.ipAddress],
    // Per email *and* address: a stranger hammering someone's email spends only their own allowance.
    [LIMITS.signInOptionsPerAccount, email ? `${email} ${client.ipAddress ?? "unknown"}` : null],
  ] satisfies RateLimitCheck[];
  return rememberDevice(jsonResponse(await startAuthentication({ email, binding: device.id, limits })), device);
});
