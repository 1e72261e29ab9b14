import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { clientInfo } from "@/lib/server/http/client-info";
import { readJsonBody, signedInJsonRoute } from "@/lib/server/http/http";
import { finishAddPasskey } from "@/lib/server/ceremonies/registration";
import { responseEnvelopeSchema, registrationResponseSchema } from "@/lib/server/http/validation";

const bodySchema = responseEnvelopeSchema(registrationResponseSchema);

// The permission to add was checked when this session's challenge was issued (options); the
// challenge is bound to this session and lives 5 minutes, so a slow prompt never strands a
// passkey the device already created.
export const POST = signedInJsonRoute(async (request, session) => {
  const { response } = await readJsonBody(request, bodySchema);
  const passkey = await finishAddPasskey(session, response as RegistrationResponseJSON, clientInfo(request.headers));
  return { passkey: { id: passkey.id, name: passkey.name } };
});
