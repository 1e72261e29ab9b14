import { z } from "zod";
import { signedInRoute } from "@/lib/server/http/route";
import { UserFacingError } from "@/lib/server/platform/errors";
import { signOutOtherSession } from "@/lib/server/sessions/sign-out";

const params = {
  schema: z.object({ id: z.uuid() }),
  refusal: () => new UserFacingError("session_not_found", "That device is already signed out. Reload the page to see your signed-in devices.", 404),
};

/** Signs out another of the owner's devices. */
export const DELETE = signedInRoute({ params }, async ({ session, params, client }) => {
  await signOutOtherSession(session, params.id, client);
  return { signedOut: true };
});
