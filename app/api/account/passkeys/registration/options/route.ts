import { z } from "zod";
import { startAddPasskey } from "@/lib/server/ceremonies/registration";
import { signedInRoute } from "@/lib/server/http/route";
import { passkeyPlacementSchema } from "@/lib/server/http/validation";
import { accountCeremonyLimits } from "@/lib/server/security/route-limits";
import { requireMayAddPasskey } from "@/lib/server/sessions/verification";

const bodySchema = z.object({ placement: passkeyPlacementSchema });

export const POST = signedInRoute(
  // A new passkey is a new way into the account: only its owner, freshly checked, may add one.
  // The route read no body before "Choose where to save it": an empty one still means no choice.
  { body: bodySchema, emptyBodyAllowed: true, authorize: ({ session }) => requireMayAddPasskey(session), limits: accountCeremonyLimits },
  ({ session, body }) => startAddPasskey(session, { placement: body.placement }),
);
