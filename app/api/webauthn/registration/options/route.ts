import { z } from "zod";
import { jsonRoute, readJsonBody } from "@/lib/http";
import { startSignUp } from "@/lib/registration";
import { displayNameSchema, emailSchema } from "@/lib/validation";

const bodySchema = z.object({ email: emailSchema, name: displayNameSchema });

export const POST = jsonRoute(async (request) => {
  const { email, name } = await readJsonBody(request, bodySchema);
  return startSignUp({ email, displayName: name });
});
