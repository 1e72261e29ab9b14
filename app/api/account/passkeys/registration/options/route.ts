import { z } from "zod";
import { startAddPasskey } from "@/lib/server/ceremonies/registration";
import { signedInRoute } from "@/lib/server/http/route";
import { accountCeremonyLimits } from "@/lib/server/security/route-limits";
import { requireMayAddPasskey } from "@/lib/server/sessions/verification";

// `automatic`: the browser will create the passkey quietly (conditional create); see startAddPasskey.
const bodySchema = z.object({ automatic: z.boolean({ error: "“automatic” must be true or false." }).optional() });

export const POST = signedInRoute(
  // A new passkey is a new way into the account: only its owner, freshly checked, may add one.
  { body: bodySchema, authorize: ({ session }) => requireMayAddPasskey(session), limits: accountCeremonyLimits },
  ({ session, body }) => startAddPasskey(session, { automatic: body.automatic }),
);
