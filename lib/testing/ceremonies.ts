// The steps of a WebAuthn ceremony a test takes one at a time: asking a route for options (the
// handler is passed in), finishing a sign-in in lib/server, and re-pointing a response.
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { expect } from "vitest";
import { verifyAssertion } from "../server/ceremonies/authentication";
import { recordPasskeyUse } from "../server/passkeys/passkeys";
import { callRoute, TEST_DEVICE_ID, type RouteHandler } from "./route-harness";

/** Sign-up options from app/api/account/sign-up/options's handler, for the test browser. */
export async function requestSignUpOptions(
  route: RouteHandler,
  email: string,
  name = "Test Person",
  headers: Record<string, string> = {},
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const result = await callRoute(route, { path: "/api/account/sign-up/options", body: { email, name }, headers });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body as PublicKeyCredentialCreationOptionsJSON;
}

/** Sign-in options from app/api/session/sign-in/options's handler (email-first, or for a discoverable passkey). */
export async function requestSignInOptions(route: RouteHandler, email?: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const result = await callRoute(route, { path: "/api/session/sign-in/options", body: email === undefined ? {} : { email } });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body as PublicKeyCredentialRequestOptionsJSON;
}

/** lib/server/ceremonies/authentication's sign-in verification from the test browser: the account and passkey it proves. */
export async function finishSignIn(response: AuthenticationResponseJSON, userAgent?: string | null): Promise<{ userId: string; passkeyId: string }> {
  const { user, passkey, use } = await verifyAssertion(response, "authentication", { binding: TEST_DEVICE_ID, userAgent });
  // As the verify route does, with its session: the passkey's use is recorded after verification.
  await recordPasskeyUse(passkey.id, use);
  return { userId: user.id, passkeyId: passkey.id };
}

/** A registration response re-pointed at another challenge. "none" attestation signs nothing over clientDataJSON. */
export function withChallenge(response: RegistrationResponseJSON, challenge: string): RegistrationResponseJSON {
  const clientData = JSON.parse(Buffer.from(response.response.clientDataJSON, "base64url").toString("utf8")) as Record<string, unknown>;
  const clientDataJSON = Buffer.from(JSON.stringify({ ...clientData, challenge })).toString("base64url");
  return { ...response, response: { ...response.response, clientDataJSON } };
}
