import { z } from "zod";
import { clientInfo } from "@/lib/server/http/client-info";
import { deviceOf, rememberDevice } from "@/lib/server/sessions/device";
import { jsonResponse, jsonRoute, readJsonBody } from "@/lib/server/http/http";
import { enforceRateLimits, LIMITS } from "@/lib/server/security/rate-limit";
import { signInWithRecoveryCode } from "@/lib/server/recovery/recovery-codes";
import { setSessionCookie } from "@/lib/server/sessions/session-cookie";
import { emailSchema, textSchema } from "@/lib/server/http/validation";

const bodySchema = z.object({
  email: emailSchema,
  code: textSchema({ missing: "Enter one of your recovery codes.", malformed: "That isn't a recovery code. Check it and try again." })
    .trim()
    .min(1, "Enter one of your recovery codes.")
    .max(64, "That isn't a recovery code."),
});

/** Spends a recovery code and signs this browser in to a recovery session. */
export const POST = jsonRoute(async (request) => {
  const { email, code } = await readJsonBody(request, bodySchema);
  const client = clientInfo(request.headers);
  const device = deviceOf(request);
  // Counted before the code is checked: a guess costs an attempt whether it is right or wrong.
  await enforceRateLimits([
    [LIMITS.recoveryPerIp, client.ipAddress],
    [LIMITS.recoveryPerAccount, email],
  ]);
  const { sessionId } = await signInWithRecoveryCode(email, code, { client, deviceId: device.id });
  return setSessionCookie(rememberDevice(jsonResponse({}), device), sessionId);
});
