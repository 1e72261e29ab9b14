import { z } from "zod";
import { publicRoute } from "@/lib/server/http/route";
import { emailSchema } from "@/lib/server/http/validation";
import { requestEmailRecovery } from "@/lib/server/recovery/email-recovery";
import { apiErrorMessage } from "@/lib/server/platform/errors";
import { LIMITS } from "@/lib/server/security/rate-limit";

const bodySchema = z.object({ email: emailSchema });

/** "Start recovery": the same answer for every address, so it tells nobody which have accounts. */
export const POST = publicRoute(
  {
    body: bodySchema,
    limits: ({ body, client }) => [
      [LIMITS.emailRecoveryPerIp, client.ipAddress],
      [LIMITS.emailRecoveryPerEmail, body.email],
    ],
  },
  async ({ body, client, locale }) => {
    await requestEmailRecovery(body.email, client);
    return { message: apiErrorMessage(locale, "recoveryRequested") };
  },
);
