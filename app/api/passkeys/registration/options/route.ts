import { clientInfo } from "@/lib/client-info";
import { signedInJsonRoute } from "@/lib/http";
import { startAddPasskey } from "@/lib/registration";
import { limitAccountCeremony } from "@/lib/route-limits";

export const POST = signedInJsonRoute(async (request, session) => {
  await limitAccountCeremony(session.userId, clientInfo(request.headers));
  return startAddPasskey(session.user);
});
