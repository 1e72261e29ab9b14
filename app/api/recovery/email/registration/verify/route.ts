import { z } from "zod";
import { publicRoute } from "@/lib/server/http/route";
import { registrationResponseSchema } from "@/lib/server/http/validation";
import { finishEmailRecovery } from "@/lib/server/recovery/email-recovery";
import { recoveryTokenSchema } from "@/lib/server/recovery/email-recovery-input";
import { LIMITS } from "@/lib/server/security/rate-limit";

const bodySchema = z.object({ token: recoveryTokenSchema, response: registrationResponseSchema }, { error: "recoveryResponseMissing" });

/** Registers the new passkey, completes the recovery and signs this browser in to a recovery session. */
export const POST = publicRoute(
  { body: bodySchema, limits: ({ client }) => [[LIMITS.signInPerIp, client.ipAddress]] },
  async ({ body, device, client, signIn }) => {
    const { sessionId, passkey } = await finishEmailRecovery(body.token, body.response, { deviceId: device.id, client });
    signIn(sessionId);
    return { passkey };
  },
);
