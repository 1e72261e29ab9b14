import { z } from "zod";
import { REPORT_REFUSED, reportEmailChange } from "@/lib/server/accounts/email-change-report";
import { linkTokenSchema } from "@/lib/server/accounts/email-codes";
import { publicRoute } from "@/lib/server/http/route";

const bodySchema = z.object({ token: linkTokenSchema(REPORT_REFUSED) }, { error: REPORT_REFUSED });

/** "This wasn't me" from the address an email change replaced (the page posts here; a GET changes nothing). */
export const POST = publicRoute({ body: bodySchema }, async ({ body, client }) => {
  await reportEmailChange(body.token, client);
  return { reported: true };
});
