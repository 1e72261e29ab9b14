import { startAddPasskey } from "@/lib/server/ceremonies/registration";
import { signedInRoute } from "@/lib/server/http/route";
import { accountCeremonyLimits } from "@/lib/server/security/route-limits";
import { requireMayAddPasskey } from "@/lib/server/sessions/verification";

// Options for a passkey the browser creates quietly (conditional create), verified by
// ../verify like any other. The same permission as the prompt's options, plus startAddPasskey's
// own rule for an automatic add (only a session whose browser holds none of the account's passkeys).
export const POST = signedInRoute(
  { authorize: ({ session }) => requireMayAddPasskey(session), limits: accountCeremonyLimits },
  ({ session }) => startAddPasskey(session, { automatic: true }),
);
