import { z } from "zod";
import { updateDisplayName } from "@/lib/server/accounts/account";
import { clientInfo } from "@/lib/server/http/client-info";
import { requestConfirmation } from "@/lib/server/accounts/email-confirmation";
import { readJsonBody, signedInJsonRoute } from "@/lib/server/http/http";
import { enforceRateLimits, LIMITS } from "@/lib/server/security/rate-limit";
import { currentUserDetailsSignal } from "@/lib/server/passkeys/signals";
import { requireRecentVerification } from "@/lib/server/ceremonies/step-up";
import { displayNameSchema, emailSchema } from "@/lib/server/http/validation";

const bodySchema = z.object({ name: displayNameSchema, email: emailSchema });

/**
 * Saves "Edit profile". A new name applies at once; a new email does not: after a passkey check
 * it gets a code, and the account's address changes only when that code is entered.
 */
export const PATCH = signedInJsonRoute(async (request, session) => {
  const { name, email } = await readJsonBody(request, bodySchema);
  const client = clientInfo(request.headers);
  const newEmail = email !== session.user.email ? email : null;
  if (newEmail) {
    // Checked before anything changes or is sent, so the retry after the passkey check repeats nothing.
    requireRecentVerification(session);
    await enforceRateLimits([
      [LIMITS.emailRequestsPerIp, client.ipAddress],
      [LIMITS.emailRequestsPerAccount, session.userId],
    ]);
  }
  // Records a change only if the name is a new one (an email-only edit renames nothing).
  const user = await updateDisplayName(session.userId, name, client);
  if (newEmail) await requestConfirmation(user, "change", newEmail, client);
  return { signal: currentUserDetailsSignal(user), pendingEmail: newEmail };
});
