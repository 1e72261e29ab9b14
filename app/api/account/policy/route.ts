import { z } from "zod";
import { setDeviceBoundOnly } from "@/lib/server/accounts/account";
import { signedInRoute } from "@/lib/server/http/route";
import { requireRecentVerification } from "@/lib/server/sessions/verification";

const bodySchema = z.object({ deviceBoundOnly: z.boolean() });

export const PUT = signedInRoute({ body: bodySchema, authorize: ({ session }) => requireRecentVerification(session) }, async ({ session, body, client }) => {
  const { user, signedOut } = await setDeviceBoundOnly(session, body.deviceBoundOnly, client);
  return { deviceBoundOnly: user.deviceBoundOnly, signedOut };
});
