import { startAddPasskey } from "@/lib/server/ceremonies/registration";
import { signedInRoute } from "@/lib/server/http/route";
import { accountCeremonyLimits } from "@/lib/server/security/route-limits";
import { requireMayAddPasskey } from "@/lib/server/sessions/verification";

export const POST = signedInRoute(
  // A new passkey is a new way into the account: only its owner, freshly checked, may add one.
  { authorize: ({ session }) => requireMayAddPasskey(session), limits: accountCeremonyLimits },
  ({ session }) => startAddPasskey(session),
);
