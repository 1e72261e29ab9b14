import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { recordEvent } from "@/lib/activity";
import { clientInfo } from "@/lib/client-info";
import { prisma } from "@/lib/db";
import { startSignUpConfirmation } from "@/lib/email-confirmation";
import { respondWithDeviceId } from "@/lib/device";
import { jsonRoute, readJsonBody } from "@/lib/http";
import { finishSignUp } from "@/lib/registration";
import { issueSignInGrant } from "@/lib/sign-in-grants";
import { responseEnvelopeSchema, registrationResponseSchema } from "@/lib/validation";

const bodySchema = responseEnvelopeSchema(registrationResponseSchema);

export const POST = jsonRoute(async (request) => {
  const { response } = await readJsonBody(request, bodySchema);
  const client = clientInfo(request.headers);
  const { userId, passkeyId } = await finishSignUp(response as RegistrationResponseJSON, client.userAgent);
  const passkey = await prisma.passkey.findUnique({ where: { id: passkeyId }, select: { name: true } });
  await recordEvent({ userId, type: "account_created", client, detail: { passkeyName: passkey?.name } });
  await startSignUpConfirmation(userId, client);
  return respondWithDeviceId(request, async (deviceId) => ({
    grant: await issueSignInGrant({ userId, passkeyId, method: "signup", deviceId }),
  }));
});
