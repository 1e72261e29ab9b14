import { z } from "zod";
import { clientInfo } from "@/lib/server/http/client-info";
import { UserFacingError } from "@/lib/server/platform/errors";
import { signedInJsonRoute } from "@/lib/server/http/http";
import { signOutOtherSession } from "@/lib/server/sessions/sign-out";

type Context = { params: Promise<{ id: string }> };

/** Signs out another of the owner's devices. */
export const DELETE = signedInJsonRoute<Context>(async (request, session, context) => {
  const { id } = await context.params;
  if (!z.uuid().safeParse(id).success) {
    throw new UserFacingError("session_not_found", "That device is already signed out. Reload the page to see your signed-in devices.", 404);
  }
  await signOutOtherSession(session, id, clientInfo(request.headers));
  return { signedOut: true };
});
