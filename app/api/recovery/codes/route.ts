import { clientInfo } from "@/lib/server/http/client-info";
import { signedInJsonRoute } from "@/lib/server/http/http";
import { enforceRateLimits, LIMITS } from "@/lib/server/security/rate-limit";
import { generateRecoveryCodes } from "@/lib/server/recovery/recovery-codes";
import { requireRecentVerification } from "@/lib/server/ceremonies/step-up";

export const POST = signedInJsonRoute(async (request, session) => {
  requireRecentVerification(session);
  const client = clientInfo(request.headers);
  await enforceRateLimits([
    [LIMITS.signInPerIp, client.ipAddress],
    [LIMITS.recoveryCodesPerAccount, session.userId],
  ]);
  return { codes: await generateRecoveryCodes(session.userId, client) };
});
