import { finishAddPasskey } from "@/lib/server/ceremonies/registration";
import { signedInRoute } from "@/lib/server/http/route";
import { registrationResponseSchema, responseEnvelopeSchema } from "@/lib/server/http/validation";

// The permission to add was checked when this session's challenge was issued (options); the
// challenge is bound to this session and lives 5 minutes, so a slow prompt never strands a
// passkey the device already created.
export const POST = signedInRoute({ body: responseEnvelopeSchema(registrationResponseSchema) }, async ({ session, body, client }) => {
  const passkey = await finishAddPasskey(session, body.response, client);
  return { passkey: { id: passkey.id, name: passkey.name } };
});
