import { clientInfo } from "@/lib/server/http/client-info";
import { resendConfirmation } from "@/lib/server/accounts/email-confirmation";
import { signedInJsonRoute } from "@/lib/server/http/http";
import { enforceRateLimits, LIMITS } from "@/lib/server/security/rate-limit";

/** "Send a new code": replaces the pending code (the old one stops working). */
export const POST = signedInJsonRoute(async (request, session) => {
  const client = clientInfo(request.headers);
  await enforceRateLimits([
    [LIMITS.emailRequestsPerIp, client.ipAddress],
    [LIMITS.emailRequestsPerAccount, session.userId],
  ]);
  const { address } = await resendConfirmation(session.user, client);
  return { address };
});
