import { z } from "zod";
import { clientInfo } from "@/lib/server/http/client-info";
import { BAD_LINK, confirmWithLink } from "@/lib/server/accounts/confirm-email";
import { linkTokenSchema } from "@/lib/server/accounts/email-codes";
import { jsonRoute, readJsonBody } from "@/lib/server/http/http";

const bodySchema = z.object({ token: linkTokenSchema(BAD_LINK) }, { error: BAD_LINK });

/** The emailed link's "Confirm" button: the token alone proves the mailbox, no sign-in needed. */
export const POST = jsonRoute(async (request) => {
  const { token } = await readJsonBody(request, bodySchema);
  const { purpose } = await confirmWithLink(token, clientInfo(request.headers));
  return { purpose };
});
