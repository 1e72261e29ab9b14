import { resendConfirmation } from "@/lib/server/accounts/email-confirmation";
import { signedInRoute } from "@/lib/server/http/route";
import { emailRequestLimits } from "@/lib/server/security/route-limits";

/** "Send a new code": replaces the pending code (the old one stops working). */
export const POST = signedInRoute({ limits: emailRequestLimits }, async ({ session, client }) => {
  const { address } = await resendConfirmation(session.user, client);
  return { address };
});
