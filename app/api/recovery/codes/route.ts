import { signedInRoute } from "@/lib/server/http/route";
import { generateRecoveryCodes } from "@/lib/server/recovery/recovery-codes";
import { LIMITS } from "@/lib/server/security/rate-limit";
import { requireRecentVerification } from "@/lib/server/sessions/verification";

export const POST = signedInRoute(
  {
    authorize: ({ session }) => requireRecentVerification(session),
    limits: ({ session, client }) => [
      [LIMITS.signInPerIp, client.ipAddress],
      [LIMITS.recoveryCodesPerAccount, session.userId],
    ],
  },
  async ({ session, client }) => ({ codes: await generateRecoveryCodes(session.userId, client) }),
);
