import { z } from "zod";
import { setDeviceBoundOnly } from "@/lib/account";
import { clientInfo } from "@/lib/client-info";
import { readJsonBody, signedInJsonRoute } from "@/lib/http";
import { requireRecentVerification } from "@/lib/step-up";

const bodySchema = z.object({ deviceBoundOnly: z.boolean() });

export const PUT = signedInJsonRoute(async (request, session) => {
  const { deviceBoundOnly } = await readJsonBody(request, bodySchema);
  requireRecentVerification(session);
  const { user, signedOut } = await setDeviceBoundOnly(session, deviceBoundOnly, clientInfo(request.headers));
  return { deviceBoundOnly: user.deviceBoundOnly, signedOut };
});
