import { clientInfo } from "@/lib/server/http/client-info";
import { signedInJsonRoute } from "@/lib/server/http/http";
import { limitAccountCeremony } from "@/lib/server/security/route-limits";
import { startStepUp } from "@/lib/server/ceremonies/step-up";

export const POST = signedInJsonRoute(async (request, session) => {
  await limitAccountCeremony(session.userId, clientInfo(request.headers));
  return startStepUp(session);
});
