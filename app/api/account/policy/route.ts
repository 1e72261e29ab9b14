import { z } from "zod";
import { setDeviceBoundOnly } from "@/lib/server/accounts/account";
import { clientInfo } from "@/lib/server/http/client-info";
import { readJsonBody, signedInJsonRoute } from "@/lib/server/http/http";
import { requireRecentVerification } from "@/lib/server/ceremonies/step-up";

const bodySchema = z.object({ deviceBoundOnly: z.boolean() });

export const PUT = signedInJsonRoute(async (request, session) => {
  const { deviceBoundOnly } = await readJsonBody(request, bodySchema);
  requireRecentVerification(session);
  const { user, signedOut } = await setDeviceBoundOnly(session, deviceBoundOnly, clientInfo(request.headers));
  return { deviceBoundOnly: user.deviceBoundOnly, signedOut };
});
