import { z } from "zod";
import { updateProfile } from "@/lib/account";
import { readJsonBody, signedInJsonRoute } from "@/lib/http";
import { currentUserDetailsSignal } from "@/lib/signals";
import { displayNameSchema, emailSchema } from "@/lib/validation";

const bodySchema = z.object({ name: displayNameSchema, email: emailSchema });

export const PATCH = signedInJsonRoute(async (request, session) => {
  const { name, email } = await readJsonBody(request, bodySchema);
  const user = await updateProfile(session.userId, { displayName: name, email });
  return { signal: currentUserDetailsSignal(user) };
});
