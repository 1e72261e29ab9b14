import { clientInfo } from "@/lib/client-info";
import { signedInJsonRoute } from "@/lib/http";
import { limitAccountCeremony } from "@/lib/route-limits";
import { startStepUp } from "@/lib/step-up";

export const POST = signedInJsonRoute(async (request, session) => {
  await limitAccountCeremony(session.userId, clientInfo(request.headers));
  return startStepUp(session);
});
