import { clientInfo } from "@/lib/server/http/client-info";
import { signedInJsonRoute } from "@/lib/server/http/http";
import { startAddPasskey } from "@/lib/server/ceremonies/registration";
import { limitAccountCeremony } from "@/lib/server/security/route-limits";
import { requireMayAddPasskey } from "@/lib/server/ceremonies/step-up";

export const POST = signedInJsonRoute(async (request, session) => {
  // A new passkey is a new way into the account: only its owner, freshly checked, may add one.
  requireMayAddPasskey(session);
  await limitAccountCeremony(session.userId, clientInfo(request.headers));
  return startAddPasskey(session);
});
