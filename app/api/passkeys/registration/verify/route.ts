import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { signedInJsonRoute, readJsonBody } from "@/lib/http";
import { finishAddPasskey } from "@/lib/registration";
import { registrationResponseSchema, responseEnvelopeSchema } from "@/lib/validation";

const bodySchema = responseEnvelopeSchema(registrationResponseSchema);

export const POST = signedInJsonRoute(async (request, session) => {
  const { response } = await readJsonBody(request, bodySchema);
  const passkey = await finishAddPasskey(session.user, response as RegistrationResponseJSON, request.headers.get("user-agent"));
  return { passkey: { id: passkey.id, name: passkey.name } };
});
