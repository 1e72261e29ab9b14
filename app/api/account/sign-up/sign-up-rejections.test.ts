import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";
import { describe, expect, it } from "vitest";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signUpOptions } from "@/app/api/account/sign-up/options/route";
import { POST as signUpVerify } from "@/app/api/account/sign-up/verify/route";
import { prisma } from "@/lib/server/platform/db";
import { accountState } from "@/lib/testing/account-state";
import { requestSignInOptions, requestSignUpOptions } from "@/lib/testing/ceremonies";
import { signUpAccount } from "@/lib/testing/factories";
import { uniqueEmail } from "@/lib/testing/unique-email";
import { expectRefusal } from "@/lib/testing/refusals";
import { ORIGIN, callRoute } from "@/lib/testing/route-harness";
import { createSoftwareAuthenticator, type SoftwareAuthenticatorOptions } from "@/lib/testing/software-authenticator";

async function newCredential(
  email: string,
  context: { origin?: string; rpId?: string } = {},
  options: SoftwareAuthenticatorOptions = {},
): Promise<RegistrationResponseJSON> {
  const creation = await requestSignUpOptions(signUpOptions, email);
  return createSoftwareAuthenticator(options).createCredential(creation, { origin: ORIGIN, ...context });
}

type CBORValue = Parameters<typeof isoCBOR.encode>[0];

// authData = rpIdHash (32) | flags (1) | signCount (4) | AAGUID (16) | idLength (2) | credentialId | key.
// "none" attestation signs nothing, so a client can claim any credential ID it likes.
function claimCredentialId(response: RegistrationResponseJSON, credentialId: string): RegistrationResponseJSON {
  const attestation = isoCBOR.decodeFirst<Map<string, CBORValue>>(isoBase64URL.toBuffer(response.response.attestationObject));
  const authData = new Uint8Array(attestation.get("authData") as Uint8Array);
  const wanted = isoBase64URL.toBuffer(credentialId);
  expect(wanted.length).toBe(authData[53] * 256 + authData[54]);
  authData.set(wanted, 55);
  attestation.set("authData", authData);
  const attestationObject = isoBase64URL.fromBuffer(isoCBOR.encode(attestation));
  return {
    ...response,
    id: credentialId,
    rawId: credentialId,
    response: { ...response.response, attestationObject, authenticatorData: isoBase64URL.fromBuffer(authData) },
  };
}

describe("sign-up rejections", () => {
  it("refuses the same verified response a second time", async () => {
    const email = uniqueEmail("replay");
    const response = await newCredential(email);
    expect((await callRoute(signUpVerify, { body: { response } })).status).toBe(200);
    const before = await accountState();

    expectRefusal(await callRoute(signUpVerify, { body: { response } }), 400, "challenge_invalid");
    expect(await accountState()).toEqual(before);
  });

  it("refuses a response whose challenge has expired", async () => {
    const email = uniqueEmail("expired");
    const response = await newCredential(email);
    const challenge = JSON.parse(isoBase64URL.toUTF8String(response.response.clientDataJSON)).challenge as string;
    await prisma.challenge.update({ where: { challenge }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const before = await accountState();

    expectRefusal(await callRoute(signUpVerify, { body: { response } }), 400, "challenge_invalid");
    expect(await accountState()).toEqual(before);
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it.each([
    ["an origin other than this site's in clientDataJSON", { origin: "https://evil.example" }, {}],
    ["a credential scoped to another RP ID", { rpId: "evil.example" }, {}],
    ["no user verification", {}, { userVerified: false }],
    ["no user presence", {}, { userPresent: false }],
  ] as const)("refuses a credential created with %s", async (_label, context, authenticator) => {
    const email = uniqueEmail("bad");
    const response = await newCredential(email, context, authenticator);
    const before = await accountState();

    expectRefusal(await callRoute(signUpVerify, { body: { response } }), 400, "verification_failed");
    expect(await accountState()).toEqual(before);
    // The challenge is spent even though verification failed.
    expectRefusal(await callRoute(signUpVerify, { body: { response } }), 400, "challenge_invalid");
  });

  it("refuses a sign-up signed over a challenge issued for sign-in", async () => {
    const email = uniqueEmail("purpose");
    const creation = await requestSignUpOptions(signUpOptions, email);
    const { challenge } = await requestSignInOptions(signInOptions);
    const response = await createSoftwareAuthenticator().createCredential({ ...creation, challenge }, { origin: ORIGIN });
    const before = await accountState();

    expectRefusal(await callRoute(signUpVerify, { body: { response } }), 400, "challenge_invalid");
    expect(await accountState()).toEqual(before);
  });

  it("never says an email already has an account: options for it come as for any other", async () => {
    const { email } = (await signUpAccount()).user;
    const challengesBefore = await prisma.challenge.count();

    const result = await callRoute(signUpOptions, { body: { email: ` ${email.toUpperCase()}`, name: "Impostor" } });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(await prisma.challenge.count()).toBe(challengesBefore + 1);
  });

  it("lets two pending sign-ups for one email each create an account, neither holding the address until confirmed", async () => {
    const email = uniqueEmail("race");
    const first = await newCredential(email);
    const second = await newCredential(email);
    expect((await callRoute(signUpVerify, { body: { response: first } })).status).toBe(200);
    expect((await callRoute(signUpVerify, { body: { response: second } })).status).toBe(200);

    const accounts = await prisma.user.findMany({ where: { email } });
    expect(accounts).toHaveLength(2);
    expect(accounts.map((account) => account.emailConfirmedAt)).toEqual([null, null]);
  });

  it("refuses a credential ID that is already registered to another account (409), creating no user", async () => {
    const victim = await signUpAccount();
    const email = uniqueEmail("squatter");
    const forged = claimCredentialId(await newCredential(email), victim.passkey.credentialId);
    const before = await accountState();

    expectRefusal(await callRoute(signUpVerify, { body: { response: forged } }), 409, "credential_exists");
    expect(await accountState()).toEqual(before);
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });
});
