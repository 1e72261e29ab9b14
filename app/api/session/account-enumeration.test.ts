import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { describe, expect, it } from "vitest";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signInVerify } from "@/app/api/session/sign-in/verify/route";
import { prisma } from "@/lib/server/platform/db";
import { signUpAccount } from "@/lib/testing/factories";
import { uniqueEmail } from "@/lib/testing/unique-email";
import { expectRefusal } from "@/lib/testing/refusals";
import { ORIGIN, callRoute } from "@/lib/testing/route-harness";

// A stranger must not learn from "Next" whether an email has an account: the options, and every
// answer given before a passkey's signature is checked, look the same either way.

async function nextFor(email: string): Promise<{ status: number; options: PublicKeyCredentialRequestOptionsJSON }> {
  const result = await callRoute(signInOptions, { body: { email } });
  return { status: result.status, options: result.body as PublicKeyCredentialRequestOptionsJSON };
}

/** The options with what differs on every request (the challenge) taken out. */
function shape(options: PublicKeyCredentialRequestOptionsJSON): unknown {
  const { challenge, allowCredentials, ...rest } = options;
  expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return { ...rest, allowCredentials: allowCredentials?.map((credential) => ({ ...credential, id: typeof credential.id })) };
}

describe('"Next" with an email', () => {
  it("answers an email without an account with the same status and shape as one with an account", async () => {
    const owner = await signUpAccount();
    const known = await nextFor(owner.user.email);
    const unknown = await nextFor(uniqueEmail("nobody"));

    expect(unknown.status).toBe(known.status);
    expect(Object.keys(unknown.options).sort()).toEqual(Object.keys(known.options).sort());
    expect(unknown.options.allowCredentials?.length).toBeGreaterThanOrEqual(1);
    for (const options of [known.options, unknown.options]) {
      expect(options).toMatchObject({ rpId: "localhost", userVerification: "required", timeout: expect.any(Number) });
    }
  });

  it("offers the same decoy credentials for an unknown email on every request, so asking twice tells nothing", async () => {
    const email = uniqueEmail("nobody");
    const first = await nextFor(email);
    const second = await nextFor(email.toUpperCase());

    expect(second.options.allowCredentials).toEqual(first.options.allowCredentials);
    expect(shape(second.options)).toEqual(shape(first.options));
    expect(second.options.challenge).not.toBe(first.options.challenge);
  });

  it("tells a stranger whose own passkey answers the same thing for an unknown email and for someone else's, and only after its signature", async () => {
    const stranger = await signUpAccount();
    const victim = await signUpAccount();
    const answers = [];
    for (const email of [victim.user.email, uniqueEmail("nobody")]) {
      const { options } = await nextFor(email);
      // The stranger's browser ignores the allow list and answers with the stranger's own passkey.
      const assertion = await stranger.authenticator.getAssertion(options, { origin: ORIGIN, credentialId: stranger.passkey.credentialId });
      const result = await callRoute(signInVerify, { body: { response: assertion } });
      expectRefusal(result, 401, "wrong_account");
      answers.push(result.body);
    }
    expect(answers[1]).toEqual(answers[0]);

    // With a forged signature the answer is about the signature, whichever email was typed.
    const { options } = await nextFor(victim.user.email);
    const forged = await stranger.authenticator.getAssertion(options, { origin: "https://evil.example", credentialId: stranger.passkey.credentialId });
    expectRefusal(await callRoute(signInVerify, { body: { response: forged } }), 401, "verification_failed");
    expect((await prisma.passkey.findUniqueOrThrow({ where: { id: victim.passkey.id } })).lastUsedAt).toBeNull();
  });

  it("answers an assertion naming a credential \"Next\" offered the same way, whether the credential is real or a decoy", async () => {
    const stranger = await signUpAccount();
    const victim = await signUpAccount();
    const realId = (await nextFor(victim.user.email)).options.allowCredentials?.[0].id;
    const decoyId = (await nextFor(uniqueEmail("nobody"))).options.allowCredentials?.[0].id;
    expect(realId).toBe(victim.passkey.credentialId);

    for (const email of [undefined, victim.user.email]) {
      const answers = [];
      for (const id of [realId, decoyId]) {
        const options = (await callRoute(signInOptions, { body: email ? { email } : {} })).body as PublicKeyCredentialRequestOptionsJSON;
        const signed = await stranger.authenticator.getAssertion(options, { origin: ORIGIN, credentialId: stranger.passkey.credentialId });
        // The stranger cannot sign for that credential: they can only put its ID on their own assertion.
        const result = await callRoute(signInVerify, { body: { response: { ...signed, id: id!, rawId: id! } } });
        answers.push({ status: result.status, body: result.body });
      }
      expect(answers[0]).toMatchObject({ status: 401, body: { code: "verification_failed" } });
      expect(answers[1]).toEqual(answers[0]);
    }
  });
});
