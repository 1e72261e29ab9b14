import { z } from "zod";
import { startAuthentication } from "@/lib/authentication";
import { jsonPostHandler, readJsonBody } from "@/lib/http";
import { emailSchema } from "@/lib/validation";

const bodySchema = z.object({ email: emailSchema.optional() });

export const POST = jsonPostHandler(async (request) => {
  const { email } = await readJsonBody(request, bodySchema);
  return startAuthentication({ email });
});
