import { z } from "zod";
import { startAuthentication } from "@/lib/authentication";
import { jsonRoute, readJsonBody } from "@/lib/http";
import { emailSchema } from "@/lib/validation";

const bodySchema = z.object({ email: emailSchema.optional() });

export const POST = jsonRoute(async (request) => {
  const { email } = await readJsonBody(request, bodySchema);
  return startAuthentication({ email });
});
