import { z } from "zod";
import { clientInfo } from "@/lib/server/http/client-info";
import { UserFacingError } from "@/lib/server/platform/errors";
import { readJsonBody, signedInJsonRoute } from "@/lib/server/http/http";
import { removePasskey, renamePasskey } from "@/lib/server/passkeys/passkeys";
import { acceptedCredentialsSignal } from "@/lib/server/passkeys/signals";
import { requireRecentVerification } from "@/lib/server/ceremonies/step-up";
import { passkeyNameSchema } from "@/lib/server/http/validation";

type Context = { params: Promise<{ id: string }> };

const renameSchema = z.object({ name: passkeyNameSchema });

async function passkeyId(context: Context): Promise<string> {
  const { id } = await context.params;
  // Not a UUID cannot be anyone's passkey: the same 404 as another user's passkey.
  if (!z.uuid().safeParse(id).success) {
    throw new UserFacingError("passkey_not_found", "We couldn't find that passkey on your account.", 404);
  }
  return id;
}

export const PATCH = signedInJsonRoute<Context>(async (request, session, context) => {
  const id = await passkeyId(context);
  const { name } = await readJsonBody(request, renameSchema);
  const passkey = await renamePasskey(session.userId, id, name, clientInfo(request.headers));
  return { passkey: { id: passkey.id, name: passkey.name } };
});

export const DELETE = signedInJsonRoute<Context>(async (request, session, context) => {
  const id = await passkeyId(context);
  requireRecentVerification(session);
  await removePasskey(session.userId, id, clientInfo(request.headers));
  return { signal: await acceptedCredentialsSignal(session.user) };
});
