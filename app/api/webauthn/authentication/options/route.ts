import { z } from "zod";
import { startAuthentication } from "@/lib/authentication";
import { clientInfo } from "@/lib/client-info";
import { deviceOf, rememberDevice } from "@/lib/device";
import { jsonResponse, jsonRoute, readJsonBody } from "@/lib/http";
import { LIMITS, type RateLimitCheck } from "@/lib/rate-limit";
import { emailSchema } from "@/lib/validation";

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
