import { z } from "zod";
import { deleteAccount, emailMismatch, sameEmail } from "@/lib/server/accounts/account";
import { signedInRoute } from "@/lib/server/http/route";
import { textSchema } from "@/lib/server/http/validation";
import { noAcceptedCredentialsSignal } from "@/lib/server/passkeys/signals";
import { requireRecentVerification } from "@/lib/server/sessions/verification";

const bodySchema = z.object({
  email: textSchema({ missing: "emailToConfirmMissing", malformed: "emailMalformed" })
    .trim()
    .min(1, "emailToConfirmMissing")
    .max(254),
});

/** Deletes the signed-in account; the answer tells the browser that none of its passkeys count any more. */
export const DELETE = signedInRoute(
  {
    body: bodySchema,
    // The typed email is checked before the passkey prompt, so a typo never costs a ceremony.
    authorize: ({ session, body }) => {
      if (!sameEmail(body.email, session.user.email)) throw emailMismatch();
      requireRecentVerification(session);
    },
  },
  async ({ session, body, client }) => {
    await deleteAccount(session.userId, body.email, client);
    return { signal: noAcceptedCredentialsSignal(session.user) };
  },
);
