import { z } from "zod";
import { confirmWithLink } from "@/lib/server/accounts/confirm-email";
import { linkTokenSchema } from "@/lib/server/accounts/email-codes";
import { publicRoute } from "@/lib/server/http/route";

const bodySchema = z.object({ token: linkTokenSchema("badConfirmationLink") }, { error: "badConfirmationLink" });

/** The emailed link's "Confirm" button: the token alone proves the mailbox, no sign-in needed. */
export const POST = publicRoute({ body: bodySchema }, async ({ body, client }) => {
  const { purpose } = await confirmWithLink(body.token, client);
  return { purpose };
});
