import { publicRoute } from "@/lib/server/http/route";
import { openRecoveryLink } from "@/lib/server/recovery/email-recovery";
import { recoveryTokenBodySchema } from "@/lib/server/recovery/email-recovery-input";
import { LIMITS } from "@/lib/server/security/rate-limit";

/**
 * The emailed link's page asks this: the first time, it binds the recovery to this browser (its
 * device cookie, set here if it had none) and starts the wait; afterwards it says how far it is.
 */
export const POST = publicRoute(
  { body: recoveryTokenBodySchema, limits: ({ client }) => [[LIMITS.emailRecoveryLinkPerIp, client.ipAddress]], rememberDevice: true },
  async ({ body, device, client }) => {
    const { status, readyAt } = await openRecoveryLink(body.token, device.id, client);
    return { status, readyAt: readyAt.toISOString() };
  },
);
