import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { recordEvent } from "@/lib/activity";
import { clientInfo } from "@/lib/client-info";
import { signedInJsonRoute, readJsonBody } from "@/lib/http";
import { finishAddPasskey } from "@/lib/registration";
import { responseEnvelopeSchema, registrationResponseSchema } from "@/lib/validation";

const bodySchema = responseEnvelopeSchema(registrationResponseSchema);

export const POST = signedInJsonRoute(async (request, session) => {
  const { response } = await readJsonBody(request, bodySchema);
  const client = clientInfo(request.headers);
  const passkey = await finishAddPasskey(session.user, response as RegistrationResponseJSON, client.userAgent);
  await recordEvent({ userId: session.userId, type: "passkey_added", client, detail: { passkeyName: passkey.name }, notify: "passkey_added" });
  return { passkey: { id: passkey.id, name: passkey.name } };
});
