import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { jsonPostHandler, readJsonBody } from "@/lib/http";
import { finishSignUp } from "@/lib/registration";
import { issueSignInGrant } from "@/lib/sign-in-grants";
import { registrationResponseSchema, responseEnvelopeSchema } from "@/lib/validation";

const bodySchema = responseEnvelopeSchema(registrationResponseSchema);

export const POST = jsonPostHandler(async (request) => {
  const { response } = await readJsonBody(request, bodySchema);
  const { userId, passkeyId } = await finishSignUp(response as RegistrationResponseJSON);
  return { grant: await issueSignInGrant({ userId, passkeyId, method: "signup" }) };
});
