import { z } from "zod";
import { deleteAccount, emailMismatch, sameEmail } from "@/lib/server/accounts/account";
import { clientInfo } from "@/lib/server/http/client-info";
import { readJsonBody, signedInJsonRoute } from "@/lib/server/http/http";
import { noAcceptedCredentialsSignal } from "@/lib/server/passkeys/signals";
import { requireRecentVerification } from "@/lib/server/ceremonies/step-up";
import { textSchema } from "@/lib/server/http/validation";

const bodySchema = z.object({
  email: textSchema({ missing: "Type your email to confirm.", malformed: "That email address contains characters that aren't valid. Retype it and try again." })
    .trim()
    .min(1, "Type your email to confirm.")
    .max(254),
});

/** Deletes the signed-in account; the answer tells the browser that none of its passkeys count any more. */
export const DELETE = signedInJsonRoute(async (request, session) => {
  const { email } = await readJsonBody(request, bodySchema);
  // The typed email is checked before the passkey prompt, so a typo never costs a ceremony.
  if (!sameEmail(email, session.user.email)) throw emailMismatch();
  requireRecentVerification(session);
  await deleteAccount(session.userId, email, clientInfo(request.headers));
  return { signal: noAcceptedCredentialsSignal(session.user) };
});
