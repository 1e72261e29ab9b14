// Free text that is not text: JSON.parse turns "\ud800" into a lone UTF-16 surrogate, which
// has no UTF-8 form. Before, PostgreSQL refused it (a 500, in places after the change was
// saved) or stored U+FFFD silently. NUL is refused by PostgreSQL in text and JSON alike.
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { beforeEach, describe, expect, it } from "vitest";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signInVerify } from "@/app/api/session/sign-in/verify/route";
import { POST as signUpOptions } from "@/app/api/account/sign-up/options/route";
import { POST as signUpVerify } from "@/app/api/account/sign-up/verify/route";
import { DELETE as deleteAccountRoute } from "@/app/api/account/route";
import { PATCH as profileRoute } from "@/app/api/account/profile/route";
import { PATCH as renameRoute } from "@/app/api/account/passkeys/[id]/route";
import { POST as addOptions } from "@/app/api/account/passkeys/registration/options/route";
import { POST as addVerify } from "@/app/api/account/passkeys/registration/verify/route";
import { POST as recoverySignIn } from "@/app/api/recovery/sign-in/route";
import { prisma } from "@/lib/server/platform/db";
import { generateRecoveryCodes, recoveryCodeStatus } from "@/lib/server/recovery/recovery-codes";
import { requestSignInOptions, requestSignUpOptions } from "@/lib/testing/ceremonies";
import { openSession, signUpAccount } from "@/lib/testing/factories";
import { uniqueEmail } from "@/lib/testing/unique-email";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, ORIGIN, type RouteResponse } from "@/lib/testing/route-harness";
import { eventTypes } from "@/lib/testing/mail-helpers";
import { createSoftwareAuthenticator } from "@/lib/testing/software-authenticator";

const NOT_TEXT = "Some of the text you sent contains characters that aren't valid. Retype it and try again.";
const LONE_SURROGATES = ["Ada\ud800", "\udc00Ada", "Ada \ud83d"];

function messageOf(result: { body: unknown }): string {
  return (result.body as { error: string }).error;
}

beforeEach(async () => {
  await prisma.rateLimit.deleteMany();
});

describe.each(LONE_SURROGATES)("a lone surrogate (%j)", (text) => {
  it("in a sign-up name is refused with 400 before a challenge is stored", async () => {
    const before = await prisma.challenge.count();
    const result = await callRoute(signUpOptions, { body: { email: uniqueEmail(), name: text } });
    expectRefusal(result, 400, "invalid_request");
    expect(messageOf(result)).toBe("Your name contains characters that aren't valid text. Retype it and try again.");
    expect(await prisma.challenge.count()).toBe(before);
  });

  it("in a sign-up or sign-in email is refused with 400", async () => {
    const email = `ada${text}@example.com`;
    expectRefusal(await callRoute(signUpOptions, { body: { email, name: "Ada" } }), 400, "invalid_request");
    expectRefusal(await callRoute(signInOptions, { body: { email } }), 400, "invalid_request");
  });

  it("in a profile name is refused with 400 and nothing is stored (not even as U+FFFD)", async () => {
    const { user } = await signUpAccount({ name: "Ada Lovelace" });
    const session = await openSession(user.id);

    const result = await callRoute(profileRoute, { method: "PATCH", path: "/api/account/profile", cookie: session.cookie, body: { name: text, email: user.email } });

    expectRefusal(result, 400, "invalid_request");
    expect(messageOf(result)).toBe("Your name contains characters that aren't valid text. Retype it and try again.");
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ displayName: "Ada Lovelace", email: user.email });
    expect(await eventTypes(user.id)).not.toContain("profile_changed");
  });

  it("in a passkey name is refused with 400 before the rename, so no change goes unrecorded", async () => {
    const { user, passkey } = await signUpAccount();
    const session = await openSession(user.id);

    const result = await callRoute(renameRoute, { method: "PATCH", cookie: session.cookie, params: { id: passkey.id }, body: { name: text } });

    expectRefusal(result, 400, "invalid_request");
    expect(messageOf(result)).toBe("The passkey name contains characters that aren't valid text. Retype it and try again.");
    expect((await prisma.passkey.findUniqueOrThrow({ where: { id: passkey.id } })).name).toBe(passkey.name);
    expect(await eventTypes(user.id)).not.toContain("passkey_renamed");
  });

  it("in a recovery code is refused with 400 and spends nothing", async () => {
    const { user } = await signUpAccount();
    await generateRecoveryCodes(user.id, { ipAddress: null, userAgent: null });

    const result = await callRoute(recoverySignIn, { path: "/api/recovery/sign-in", body: { email: user.email, code: `ABCD-EFGH-JKM${text}` } });

    expectRefusal(result, 400, "invalid_request");
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ unused: 10 });
  });

  it("in the email typed to confirm an account deletion is refused with 400", async () => {
    const { user } = await signUpAccount();
    const session = await openSession(user.id);

    const result = await callRoute(deleteAccountRoute, { method: "DELETE", path: "/api/account", cookie: session.cookie, body: { email: `${user.email}${text}` } });

    expectRefusal(result, 400, "invalid_request");
    expect(await prisma.user.count({ where: { id: user.id } })).toBe(1);
  });

  it("anywhere else in a body, even a field no schema names, is refused with 400 before the challenge is used", async () => {
    const user = await signUpAccount();
    const options = await requestSignInOptions(signInOptions);
    const assertion = await user.authenticator.getAssertion(options, { origin: ORIGIN });

    const result = await callRoute(signInVerify, { body: { response: { ...assertion, clientExtensionResults: { note: text } } } });

    expectRefusal(result, 400, "invalid_request");
    expect(messageOf(result)).toBe(NOT_TEXT);
    expect(await prisma.challenge.count({ where: { challenge: options.challenge } })).toBe(1);
  });
});

describe("bodies no schema could describe", () => {
  it("refuses NUL in an object key with 400", async () => {
    const result = await callRoute(signUpOptions, { rawBody: '{"email":"ada@example.com","name":"Ada","x\\u0000":1}' });
    expectRefusal(result, 400, "invalid_request");
    expect(messageOf(result)).toBe(NOT_TEXT);
  });

  it.each([
    ["nested objects", `{"response":${'{"a":'.repeat(5000)}1${"}".repeat(5000)}}`],
    ["nested arrays", `${"[".repeat(20_000)}${"]".repeat(20_000)}`],
  ])("refuses deeply %s with 400, not a stack overflow", async (_label, rawBody) => {
    expectRefusal(await callRoute(signInVerify, { rawBody }), 400, "invalid_request");
  });
});

describe("transports at registration", () => {
  async function addPasskey(transports: unknown): Promise<{ result: RouteResponse; challenge: string; userId: string }> {
    const { user } = await signUpAccount();
    const session = await openSession(user.id);
    const options = await callRoute(addOptions, { path: "/api/account/passkeys/registration/options", cookie: session.cookie });
    const creation = options.body as PublicKeyCredentialCreationOptionsJSON;
    const response = await createSoftwareAuthenticator().createCredential(creation, { origin: ORIGIN });
    const body = { response: { ...response, response: { ...response.response, transports } } };
    const result = await callRoute(addVerify, { path: "/api/account/passkeys/registration/verify", cookie: session.cookie, body });
    return { result, challenge: creation.challenge, userId: user.id };
  }

  it("stores only the transports WebAuthn defines, dropping a value a newer browser might send", async () => {
    const { result } = await addPasskey(["usb", "nfc", "future-radio", "usb"]);
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const { passkey } = result.body as { passkey: { id: string } };
    expect((await prisma.passkey.findUniqueOrThrow({ where: { id: passkey.id } })).transports).toEqual(["usb", "nfc"]);
  });

  it.each([
    ["NUL", ["usb\u0000"]],
    ["a lone surrogate", ["\ud800"]],
    ["an oversized value", ["u".repeat(100)]],
    ["a number", [7]],
  ])("refuses a transport with %s with 400, storing nothing and keeping the challenge", async (_label, transports) => {
    const { result, challenge, userId } = await addPasskey(transports);
    expectRefusal(result, 400, "invalid_request");
    expect(await prisma.passkey.count({ where: { userId } })).toBe(1);
    expect(await prisma.challenge.count({ where: { challenge } })).toBe(1);
  });

  it("at sign-up too: NUL is refused with 400", async () => {
    const response = await createSoftwareAuthenticator().createCredential(await requestSignUpOptions(signUpOptions, uniqueEmail()), { origin: ORIGIN });
    const result = await callRoute(signUpVerify, { body: { response: { ...response, response: { ...response.response, transports: ["internal\u0000"] } } } });
    expectRefusal(result, 400, "invalid_request");
  });
});
