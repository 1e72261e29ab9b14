import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { jsonRoute, readJsonBody } from "@/lib/http";
import { finishSignUp } from "@/lib/registration";
import { issueSignInGrant } from "@/lib/sign-in-grants";
import { responseEnvelopeSchema, registrationResponseSchema } from "@/lib/validation";

const bodySchema = responseEnvelopeSchema(registrationResponseSchema);

export const POST = jsonRoute(async (request) => {
  const { response } = await readJsonBody(request, bodySchema);
  const { userId, passkeyId } = await finishSignUp(response as RegistrationResponseJSON, request.headers.get("user-agent"));
  return { grant: await issueSignInGrant({ userId, passkeyId, method: "signup" }) };
});
