import { clientInfo } from "@/lib/client-info";
import { signedInJsonRoute } from "@/lib/http";
import { startAddPasskey } from "@/lib/registration";
import { limitAccountCeremony } from "@/lib/route-limits";
import { requireMayAddPasskey } from "@/lib/step-up";

export const POST = signedInJsonRoute(async (request, session) => {
  // A new passkey is a new way into the account: only its owner, freshly checked, may add one.
  requireMayAddPasskey(session);
  await limitAccountCeremony(session.userId, clientInfo(request.headers));
  return startAddPasskey(session);
});
