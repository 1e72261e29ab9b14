import { z } from "zod";
import { reportEmailChange } from "@/lib/server/accounts/email-change-report";
import { linkTokenSchema } from "@/lib/server/accounts/email-codes";
import { publicRoute } from "@/lib/server/http/route";

const bodySchema = z.object({ token: linkTokenSchema("reportRefused") }, { error: "reportRefused" });

/** "This wasn't me" from the address an email change replaced (the page posts here; a GET changes nothing). */
export const POST = publicRoute({ body: bodySchema }, async ({ body, client }) => {
  await reportEmailChange(body.token, client);
  return { reported: true };
});
