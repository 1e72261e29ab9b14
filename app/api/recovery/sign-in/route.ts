import { z } from "zod";
import { publicRoute } from "@/lib/server/http/route";
import { emailSchema, textSchema } from "@/lib/server/http/validation";
import { signInWithRecoveryCode } from "@/lib/server/recovery/recovery-codes";
import { LIMITS } from "@/lib/server/security/rate-limit";

const bodySchema = z.object({
  email: emailSchema,
  code: textSchema({ missing: "recoveryCodeMissing", malformed: "recoveryCodeMalformed" })
    .trim()
    .min(1, "recoveryCodeMissing")
    .max(64, "recoveryCodeTooLong"),
});

/** Spends a recovery code and signs this browser in to a recovery session. */
export const POST = publicRoute(
  {
    body: bodySchema,
    // Counted before the code is checked: a guess costs an attempt whether it is right or wrong.
    limits: ({ body, client }) => [
      [LIMITS.recoveryPerIp, client.ipAddress],
      [LIMITS.recoveryPerAccount, body.email],
    ],
    rememberDevice: true,
  },
  async ({ body, client, device, signIn }) => {
    const { sessionId } = await signInWithRecoveryCode(body.email, body.code, { client, deviceId: device.id });
    signIn(sessionId);
    return {};
  },
);
