import { z } from "zod";
import { clientInfo } from "@/lib/server/http/client-info";
import { deviceOf, rememberDevice } from "@/lib/server/sessions/device";
import { jsonResponse, jsonRoute, readJsonBody } from "@/lib/server/http/http";
import { enforceRateLimits, LIMITS } from "@/lib/server/security/rate-limit";
import { startSignUp } from "@/lib/server/ceremonies/registration";
import { displayNameSchema, emailSchema } from "@/lib/server/http/validation";

const bodySchema = z.object({ email: emailSchema, name: displayNameSchema });

export const POST = jsonRoute(async (request) => {
  const { email, name } = await readJsonBody(request, bodySchema);
  const device = deviceOf(request);
  await enforceRateLimits([
    [LIMITS.signUpPerIp, clientInfo(request.headers).ipAddress],
    [LIMITS.signUpPerEmail, email],
  ]);
  return rememberDevice(jsonResponse(await startSignUp({ email, displayName: name, binding: device.id })), device);
});
