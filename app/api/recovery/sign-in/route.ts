import { z } from "zod";
import { clientInfo } from "@/lib/client-info";
import { respondWithDeviceId } from "@/lib/device";
import { jsonRoute, readJsonBody } from "@/lib/http";
import { enforceRateLimits, LIMITS } from "@/lib/rate-limit";
import { redeemRecoveryCode } from "@/lib/recovery-codes";
import { issueSignInGrant } from "@/lib/sign-in-grants";
import { emailSchema, textSchema } from "@/lib/validation";

const bodySchema = z.object({
  email: emailSchema,
  code: textSchema({ missing: "Enter one of your recovery codes.", malformed: "That isn't a recovery code. Check it and try again." })
    .trim()
    .min(1, "Enter one of your recovery codes.")
    .max(64, "That isn't a recovery code."),
});

export const POST = jsonRoute(async (request) => {
  const { email, code } = await readJsonBody(request, bodySchema);
  const client = clientInfo(request.headers);
  // Counted before the code is checked: a guess costs an attempt whether it is right or wrong.
  await enforceRateLimits([
    [LIMITS.recoveryPerIp, client.ipAddress],
    [LIMITS.recoveryPerAccount, email],
  ]);
  const { userId } = await redeemRecoveryCode(email, code, client);
  return respondWithDeviceId(request, async (deviceId) => ({
    grant: await issueSignInGrant({ userId, passkeyId: null, method: "recovery", deviceId }),
  }));
});
