import { signUp } from "@/lib/server/ceremonies/registration";
import { publicRoute } from "@/lib/server/http/route";
import { registrationResponseSchema, responseEnvelopeSchema } from "@/lib/server/http/validation";

/** Creates the account with its first passkey, signs this browser in to it and mails the confirmation code. */
export const POST = publicRoute({ body: responseEnvelopeSchema(registrationResponseSchema) }, async ({ body, device, client, locale, signIn }) => {
  const { sessionId } = await signUp(body.response, { deviceId: device.id, client, locale });
  signIn(sessionId);
  return {};
});
