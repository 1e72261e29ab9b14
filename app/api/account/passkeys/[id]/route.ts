import { z } from "zod";
import { signedInRoute } from "@/lib/server/http/route";
import { passkeyNameSchema } from "@/lib/server/http/validation";
import { passkeyNotFound, removePasskey, renamePasskey } from "@/lib/server/passkeys/passkeys";
import { acceptedCredentialsSignal } from "@/lib/server/passkeys/signals";
import { requireRecentVerification } from "@/lib/server/sessions/verification";

// Not a UUID cannot be anyone's passkey: the same 404 as another user's passkey.
const params = {
  schema: z.object({ id: z.uuid() }),
  refusal: passkeyNotFound,
};

export const PATCH = signedInRoute({ params, body: z.object({ name: passkeyNameSchema }) }, async ({ session, params, body, client }) => {
  const passkey = await renamePasskey(session.userId, params.id, body.name, client);
  return { passkey: { id: passkey.id, name: passkey.name } };
});

export const DELETE = signedInRoute({ params, authorize: ({ session }) => requireRecentVerification(session) }, async ({ session, params, client }) => {
  await removePasskey(session.userId, params.id, client);
  return { signal: await acceptedCredentialsSignal(session.user) };
});
