import { z } from "zod";
import { setDeviceBoundOnly } from "@/lib/account";
import { recordEvent } from "@/lib/activity";
import { clientInfo } from "@/lib/client-info";
import { readJsonBody, signedInJsonRoute } from "@/lib/http";
import { requireRecentVerification } from "@/lib/step-up";

const bodySchema = z.object({ deviceBoundOnly: z.boolean() });

export const PUT = signedInJsonRoute(async (request, session) => {
  const { deviceBoundOnly } = await readJsonBody(request, bodySchema);
  requireRecentVerification(session);
  const user = await setDeviceBoundOnly(session.userId, deviceBoundOnly);
  if (session.user.deviceBoundOnly !== user.deviceBoundOnly) {
    await recordEvent({ userId: session.userId, type: "policy_changed", client: clientInfo(request.headers), detail: { deviceBoundOnly } });
  }
  return { deviceBoundOnly: user.deviceBoundOnly };
});
