import { clientInfo } from "@/lib/client-info";
import { signedInJsonRoute } from "@/lib/http";
import { enforceRateLimits, LIMITS } from "@/lib/rate-limit";
import { generateRecoveryCodes } from "@/lib/recovery-codes";
import { requireRecentVerification } from "@/lib/step-up";

export const POST = signedInJsonRoute(async (request, session) => {
  requireRecentVerification(session);
  const client = clientInfo(request.headers);
  await enforceRateLimits([
    [LIMITS.signInPerIp, client.ipAddress],
    [LIMITS.recoveryCodesPerAccount, session.userId],
  ]);
  return { codes: await generateRecoveryCodes(session.userId, client) };
});
