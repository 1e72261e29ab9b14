import { z } from "zod";
import { requestedEmailChange, updateProfile } from "@/lib/server/accounts/account";
import { signedInRoute, type SignedInRouteContext } from "@/lib/server/http/route";
import { displayNameSchema, emailSchema } from "@/lib/server/http/validation";
import { currentUserDetailsSignal } from "@/lib/server/passkeys/signals";
import { emailRequestLimits } from "@/lib/server/security/route-limits";
import { requireRecentVerification } from "@/lib/server/sessions/verification";

const bodySchema = z.object({ name: displayNameSchema, email: emailSchema });
type Context = SignedInRouteContext<z.output<typeof bodySchema>>;

const changesEmail = ({ session, body }: Context) => requestedEmailChange(session.user, body.email) !== null;

/**
 * Saves "Edit profile". A new email needs a recent passkey check and counts against the mail
 * limits, both before anything changes or is sent, so the retry after the check repeats nothing.
 */
export const PATCH = signedInRoute(
  {
    body: bodySchema,
    authorize: (context) => {
      if (changesEmail(context)) requireRecentVerification(context.session);
    },
    limits: (context) => (changesEmail(context) ? emailRequestLimits(context) : []),
  },
  async ({ session, body, client }) => {
    const { user, pendingEmail } = await updateProfile(session.user, body, client);
    return { signal: currentUserDetailsSignal(user), pendingEmail };
  },
);
