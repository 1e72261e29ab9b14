import { z } from "zod";
import { clientInfo } from "@/lib/server/http/client-info";
import { confirmWithCode } from "@/lib/server/accounts/confirm-email";
import { readJsonBody, signedInJsonRoute } from "@/lib/server/http/http";
import { currentUserDetailsSignal } from "@/lib/server/passkeys/signals";

const bodySchema = z.object({
  code: z.string({ error: "Enter the confirmation code from the email." }).trim().min(1, "Enter the confirmation code from the email.").max(32, "That isn't a confirmation code."),
});

/** "Confirm" on /account: the code from the email confirms the address the account is waiting for. */
export const POST = signedInJsonRoute(async (request, session) => {
  const { code } = await readJsonBody(request, bodySchema);
  const { user } = await confirmWithCode(session.userId, code, clientInfo(request.headers));
  // The passkey provider shows the account's email: keep it current.
  return { email: user.email, signal: currentUserDetailsSignal(user) };
});
