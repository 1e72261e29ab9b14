import { z } from "zod";
import { confirmWithCode } from "@/lib/server/accounts/confirm-email";
import { signedInRoute } from "@/lib/server/http/route";
import { currentUserDetailsSignal } from "@/lib/server/passkeys/signals";

const bodySchema = z.object({
  code: z.string({ error: "confirmationCodeMissing" }).trim().min(1, "confirmationCodeMissing").max(32, "confirmationCodeTooLong"),
});

/** "Confirm" on /account: the code from the email confirms the address the account is waiting for. */
export const POST = signedInRoute({ body: bodySchema }, async ({ session, body, client }) => {
  const { user } = await confirmWithCode(session.userId, body.code, client);
  // The passkey provider shows the account's email: keep it current.
  return { email: user.email, signal: currentUserDetailsSignal(user) };
});
