import { z } from "zod";
import { clientInfo } from "@/lib/server/http/client-info";
import { REPORT_REFUSED, reportEmailChange } from "@/lib/server/accounts/email-change-report";
import { linkTokenSchema } from "@/lib/server/accounts/email-codes";
import { jsonRoute, readJsonBody } from "@/lib/server/http/http";

const bodySchema = z.object({ token: linkTokenSchema(REPORT_REFUSED) }, { error: REPORT_REFUSED });

/** "This wasn't me" from the address an email change replaced (the page posts here; a GET changes nothing). */
export const POST = jsonRoute(async (request) => {
  const { token } = await readJsonBody(request, bodySchema);
  await reportEmailChange(token, clientInfo(request.headers));
  return { reported: true };
});
