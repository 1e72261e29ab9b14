import { publicRoute } from "@/lib/server/http/route";
import { startRecoveryRegistration } from "@/lib/server/recovery/email-recovery";
import { recoveryTokenBodySchema } from "@/lib/server/recovery/email-recovery-input";
import { LIMITS } from "@/lib/server/security/rate-limit";

/** "Create a new passkey" once the wait is over, from the browser that opened the link. */
export const POST = publicRoute(
  {
    body: recoveryTokenBodySchema,
    limits: ({ client }) => [
      [LIMITS.emailRecoveryLinkPerIp, client.ipAddress],
      [LIMITS.signInPerIp, client.ipAddress],
    ],
  },
  ({ body, device }) => startRecoveryRegistration(body.token, device.id),
);
