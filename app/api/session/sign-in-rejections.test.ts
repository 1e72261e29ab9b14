import { generateRegistrationOptions } from "@simplewebauthn/server";
import { describe, expect, it } from "vitest";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signInVerify } from "@/app/api/session/sign-in/verify/route";
import { POST as signUpOptions } from "@/app/api/account/sign-up/options/route";
import { prisma } from "@/lib/server/platform/db";
import { accountState } from "@/lib/testing/account-state";
import { requestSignInOptions, requestSignUpOptions } from "@/lib/testing/ceremonies";
import { signUpAccount } from "@/lib/testing/factories";
import { uniqueEmail } from "@/lib/testing/unique-email";
import { expectRefusal } from "@/lib/testing/refusals";
import { ORIGIN, callRoute } from "@/lib/testing/route-harness";
import { createSoftwareAuthenticator } from "@/lib/testing/software-authenticator";

describe("sign-in rejections", () => {
  it("refuses the same verified assertion a second time", async () => {
    const account = await signUpAccount();
    const assertion = await account.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN });
    expect((await callRoute(signInVerify, { body: { response: assertion } })).status).toBe(200);
    const before = await accountState();

    expectRefusal(await callRoute(signInVerify, { body: { response: assertion } }), 400, "challenge_invalid");
    expect(await accountState()).toEqual(before);
  });

  it("refuses a new assertion signed over a challenge that was already used", async () => {
    const account = await signUpAccount();
    const options = await requestSignInOptions(signInOptions, account.user.email);
    expect((await callRoute(signInVerify, { body: { response: await account.authenticator.getAssertion(options, { origin: ORIGIN }) } })).status).toBe(200);
    const before = await accountState();

    const reused = await account.authenticator.getAssertion(options, { origin: ORIGIN });
    expectRefusal(await callRoute(signInVerify, { body: { response: reused } }), 400, "challenge_invalid");
    expect(await accountState()).toEqual(before);
  });

  it("refuses an assertion whose challenge has expired", async () => {
    const account = await signUpAccount();
    const options = await requestSignInOptions(signInOptions);
    await prisma.challenge.update({ where: { challenge: options.challenge }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const before = await accountState();

    expectRefusal(await callRoute(signInVerify, { body: { response: await account.authenticator.getAssertion(options, { origin: ORIGIN }) } }), 400, "challenge_invalid");
    expect(await accountState()).toEqual(before);
  });

  it.each([
    ["signed for another origin", { origin: "https://evil.example" }, true],
    ["scoped to another RP ID", { origin: ORIGIN, rpId: "evil.example" }, true],
    ["made without user verification", { origin: ORIGIN }, false],
  ] as const)("refuses an assertion %s", async (_label, context, userVerified) => {
    const account = await signUpAccount();
    const options = await requestSignInOptions(signInOptions);
    account.authenticator.options.userVerified = userVerified;
    const assertion = await account.authenticator.getAssertion(options, { ...context, credentialId: account.passkey.credentialId });
    const before = await accountState();

    expectRefusal(await callRoute(signInVerify, { body: { response: assertion } }), 401, "verification_failed");
    expect(await accountState()).toEqual(before);
    expectRefusal(await callRoute(signInVerify, { body: { response: assertion } }), 400, "challenge_invalid");
  });

  it("refuses a passkey that was never registered", async () => {
    await signUpAccount();
    const stranger = createSoftwareAuthenticator();
    const creation = await generateRegistrationOptions({ rpName: "x", rpID: "localhost", userName: "stranger@example.com" });
    await stranger.createCredential(creation, { origin: ORIGIN });
    const before = await accountState();

    const assertion = await stranger.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN });
    expectRefusal(await callRoute(signInVerify, { body: { response: assertion } }), 401, "unknown_credential");
    expect(await accountState()).toEqual(before);
  });

  it.each([
    ["lower than", 10n],
    ["equal to", 5n],
  ])("refuses a signature counter %s the stored one (cloned authenticator)", async (_label, stored) => {
    const account = await signUpAccount();
    await prisma.passkey.update({ where: { id: account.passkey.id }, data: { counter: stored } });
    account.authenticator.setSignCount(account.passkey.credentialId, 4); // the next assertion says 5
    const before = await accountState();

    expectRefusal(await callRoute(signInVerify, { body: { response: await account.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN }) } }), 401, "verification_failed");
    expect(await accountState()).toEqual(before);
    expect((await prisma.passkey.findUniqueOrThrow({ where: { id: account.passkey.id } })).counter).toBe(stored);
  });

  it("refuses another account's passkey when the challenge was issued for an email", async () => {
    const alice = await signUpAccount();
    const mallory = await signUpAccount();
    const options = await requestSignInOptions(signInOptions, alice.user.email);
    const assertion = await mallory.authenticator.getAssertion(options, { origin: ORIGIN, credentialId: mallory.passkey.credentialId });
    const before = await accountState();

    expectRefusal(await callRoute(signInVerify, { body: { response: assertion } }), 401, "wrong_account");
    expect(await accountState()).toEqual(before);
  });

  it("refuses an assertion whose user handle names another account", async () => {
    const alice = await signUpAccount();
    const bob = await signUpAccount();
    const assertion = await alice.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN });
    const before = await accountState();

    const forged = { ...assertion, response: { ...assertion.response, userHandle: bob.user.userHandle } };
    expectRefusal(await callRoute(signInVerify, { body: { response: forged } }), 401, "verification_failed");
    expect(await accountState()).toEqual(before);
  });

  it("refuses a registration response posted to the sign-in endpoint", async () => {
    const email = uniqueEmail("crossed");
    const registration = await createSoftwareAuthenticator().createCredential(await requestSignUpOptions(signUpOptions, email), { origin: ORIGIN });
    const before = await accountState();

    expectRefusal(await callRoute(signInVerify, { body: { response: registration } }), 400, "invalid_request");
    // Even dressed up with a signature it names a registration challenge, which sign-in refuses.
    const dressed = { ...registration, response: { ...registration.response, signature: "MEUCIQ" } };
    expectRefusal(await callRoute(signInVerify, { body: { response: dressed } }), 400, "challenge_invalid");
    expect(await accountState()).toEqual(before);
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("refuses an assertion signed over a challenge issued for sign-up", async () => {
    const account = await signUpAccount();
    const creation = await requestSignUpOptions(signUpOptions, uniqueEmail("purpose"));
    const assertion = await account.authenticator.getAssertion(
      { challenge: creation.challenge, rpId: "localhost" },
      { origin: ORIGIN },
    );
    const before = await accountState();

    expectRefusal(await callRoute(signInVerify, { body: { response: assertion } }), 400, "challenge_invalid");
    expect(await accountState()).toEqual(before);
  });
});
