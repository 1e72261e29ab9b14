import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { verifyAssertion } from "@/lib/authentication";
import { jsonRoute, readJsonBody } from "@/lib/http";
import { issueSignInGrant } from "@/lib/sign-in-grants";
import { acceptedCredentialsSignal } from "@/lib/signals";
import { authenticationResponseSchema, responseEnvelopeSchema } from "@/lib/validation";

const bodySchema = responseEnvelopeSchema(authenticationResponseSchema);

export const POST = jsonRoute(async (request) => {
  const { response } = await readJsonBody(request, bodySchema);
  const { user, passkey } = await verifyAssertion(response as AuthenticationResponseJSON, "authentication", {
    userAgent: request.headers.get("user-agent"),
  });
  return {
    grant: await issueSignInGrant({ userId: user.id, passkeyId: passkey.id, method: "passkey" }),
    signal: await acceptedCredentialsSignal(user),
  };
});
