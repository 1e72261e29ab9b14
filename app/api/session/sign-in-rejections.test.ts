import { generateRegistrationOptions } from "@simplewebauthn/server";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/platform/db";
import {
  accountState,
  expectMalformedRequest,
  expectRejection,
  ORIGIN,
  post,
  registerUser,
  signInOptions,
  signUpOptions,
  uniqueEmail,
  verifyAuthentication,
} from "@/lib/testing/ceremony-helpers";
import { createSoftwareAuthenticator } from "@/lib/testing/software-authenticator";

describe("sign-in rejections", () => {
  it("refuses the same verified assertion a second time", async () => {
    const user = await registerUser();
    const assertion = await user.authenticator.getAssertion(await signInOptions(), { origin: ORIGIN });
    expect((await verifyAuthentication(assertion)).status).toBe(200);
    const before = await accountState();

    expectRejection(await verifyAuthentication(assertion), 400, "challenge_invalid");
    expect(await accountState()).toEqual(before);
  });

  it("refuses a new assertion signed over a challenge that was already used", async () => {
    const user = await registerUser();
    const options = await signInOptions(user.email);
    expect((await verifyAuthentication(await user.authenticator.getAssertion(options, { origin: ORIGIN }))).status).toBe(200);
    const before = await accountState();

    const reused = await user.authenticator.getAssertion(options, { origin: ORIGIN });
    expectRejection(await verifyAuthentication(reused), 400, "challenge_invalid");
    expect(await accountState()).toEqual(before);
  });

  it("refuses an assertion whose challenge has expired", async () => {
    const user = await registerUser();
    const options = await signInOptions();
    await prisma.challenge.update({ where: { challenge: options.challenge }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const before = await accountState();

    expectRejection(await verifyAuthentication(await user.authenticator.getAssertion(options, { origin: ORIGIN })), 400, "challenge_invalid");
    expect(await accountState()).toEqual(before);
  });

  it.each([
    ["signed for another origin", { origin: "https://evil.example" }, true],
    ["scoped to another RP ID", { origin: ORIGIN, rpId: "evil.example" }, true],
    ["made without user verification", { origin: ORIGIN }, false],
  ] as const)("refuses an assertion %s", async (_label, context, userVerified) => {
    const user = await registerUser();
    const options = await signInOptions();
    user.authenticator.options.userVerified = userVerified;
    const assertion = await user.authenticator.getAssertion(options, { ...context, credentialId: user.credentialId });
    const before = await accountState();

    expectRejection(await verifyAuthentication(assertion), 401, "verification_failed");
    expect(await accountState()).toEqual(before);
    expectRejection(await verifyAuthentication(assertion), 400, "challenge_invalid");
  });

  it("refuses a passkey that was never registered", async () => {
    await registerUser();
    const stranger = createSoftwareAuthenticator();
    const creation = await generateRegistrationOptions({ rpName: "x", rpID: "localhost", userName: "stranger@example.com" });
    await stranger.createCredential(creation, { origin: ORIGIN });
    const before = await accountState();

    const assertion = await stranger.getAssertion(await signInOptions(), { origin: ORIGIN });
    expectRejection(await verifyAuthentication(assertion), 401, "unknown_credential");
    expect(await accountState()).toEqual(before);
  });

  it.each([
    ["lower than", 10n],
    ["equal to", 5n],
  ])("refuses a signature counter %s the stored one (cloned authenticator)", async (_label, stored) => {
    const user = await registerUser();
    await prisma.passkey.update({ where: { id: user.passkeyId }, data: { counter: stored } });
    user.authenticator.setSignCount(user.credentialId, 4); // the next assertion says 5
    const before = await accountState();

    expectRejection(await verifyAuthentication(await user.authenticator.getAssertion(await signInOptions(), { origin: ORIGIN })), 401, "verification_failed");
    expect(await accountState()).toEqual(before);
    expect((await prisma.passkey.findUniqueOrThrow({ where: { id: user.passkeyId } })).counter).toBe(stored);
  });

  it("refuses another account's passkey when the challenge was issued for an email", async () => {
    const alice = await registerUser();
    const mallory = await registerUser();
    const options = await signInOptions(alice.email);
    const assertion = await mallory.authenticator.getAssertion(options, { origin: ORIGIN, credentialId: mallory.credentialId });
    const before = await accountState();

    expectRejection(await verifyAuthentication(assertion), 401, "wrong_account");
    expect(await accountState()).toEqual(before);
  });

  it("refuses an assertion whose user handle names another account", async () => {
    const alice = await registerUser();
    const bob = await registerUser();
    const assertion = await alice.authenticator.getAssertion(await signInOptions(), { origin: ORIGIN });
    const before = await accountState();

    const forged = { ...assertion, response: { ...assertion.response, userHandle: bob.userHandle } };
    expectRejection(await verifyAuthentication(forged), 401, "verification_failed");
    expect(await accountState()).toEqual(before);
  });

  it("refuses a registration response posted to the sign-in endpoint", async () => {
    const email = uniqueEmail("crossed");
    const registration = await createSoftwareAuthenticator().createCredential(await signUpOptions(email), { origin: ORIGIN });
    const before = await accountState();

    expectMalformedRequest(await post("authentication/verify", { response: registration }));
    // Even dressed up with a signature it names a registration challenge, which sign-in refuses.
    const dressed = { ...registration, response: { ...registration.response, signature: "MEUCIQ" } };
    expectRejection(await post("authentication/verify", { response: dressed }), 400, "challenge_invalid");
    expect(await accountState()).toEqual(before);
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("refuses an assertion signed over a challenge issued for sign-up", async () => {
    const user = await registerUser();
    const creation = await signUpOptions(uniqueEmail("purpose"));
    const assertion = await user.authenticator.getAssertion(
      { challenge: creation.challenge, rpId: "localhost" },
      { origin: ORIGIN },
    );
    const before = await accountState();

    expectRejection(await verifyAuthentication(assertion), 400, "challenge_invalid");
    expect(await accountState()).toEqual(before);
  });
});
