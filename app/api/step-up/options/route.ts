import { startStepUp } from "@/lib/authentication";
import { clientInfo } from "@/lib/client-info";
import { signedInJsonRoute } from "@/lib/http";
import { limitAccountCeremony } from "@/lib/route-limits";

export const POST = signedInJsonRoute(async (request, session) => {
  await limitAccountCeremony(session.userId, clientInfo(request.headers));
  return startStepUp(session.user);
});
