import { z } from "zod";
import { signedInRoute } from "@/lib/server/http/route";
import { alreadySignedOut, signOutOtherSession } from "@/lib/server/sessions/sign-out";

const params = {
  schema: z.object({ id: z.uuid() }),
  refusal: alreadySignedOut,
};

/** Signs out another of the owner's devices. */
export const DELETE = signedInRoute({ params }, async ({ session, params, client }) => {
  await signOutOtherSession(session, params.id, client);
  return { signedOut: true };
});
