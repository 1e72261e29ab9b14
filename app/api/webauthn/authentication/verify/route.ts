import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { finishAuthentication } from "@/lib/authentication";
import { jsonPostHandler, readJsonBody } from "@/lib/http";
import { issueSignInGrant } from "@/lib/sign-in-grants";
import { authenticationResponseSchema, responseEnvelopeSchema } from "@/lib/validation";

const bodySchema = responseEnvelopeSchema(authenticationResponseSchema);

export const POST = jsonPostHandler(async (request) => {
  const { response } = await readJsonBody(request, bodySchema);
  const { userId, passkeyId } = await finishAuthentication(response as AuthenticationResponseJSON);
  return { grant: await issueSignInGrant({ userId, passkeyId, method: "passkey" }) };
});
