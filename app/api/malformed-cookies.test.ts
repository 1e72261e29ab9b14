// A device cookie the portal cannot read counts as no cookie. Before, `portal.device=%ZZ` made
// the verify routes answer 500 after their irreversible step: the account existed without a
// session (a retry said "email taken"), the challenge was used up, the recovery code spent.
// (The session cookie's own cases are in session-cookie.test.ts.)
import { describe, expect, it } from "vitest";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signInVerify } from "@/app/api/session/sign-in/verify/route";
import { POST as signUpOptions } from "@/app/api/account/sign-up/options/route";
import { POST as signUpVerify } from "@/app/api/account/sign-up/verify/route";
import { POST as recoverySignIn } from "@/app/api/recovery/sign-in/route";
import { deviceCookieName } from "@/lib/server/http/cookies";
import { prisma } from "@/lib/server/platform/db";
import { env } from "@/lib/server/platform/env";
import { generateRecoveryCodes, recoveryCodeStatus } from "@/lib/server/recovery/recovery-codes";
import { deviceIdSetBy, sessionSetBy } from "@/lib/testing/cookies";
import { createUser, signUpAccount } from "@/lib/testing/factories";
import { uniqueEmail } from "@/lib/testing/unique-email";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, ORIGIN, type RouteResponse } from "@/lib/testing/route-harness";
import { createSoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";

const MALFORMED = ["%ZZ", "%", "%E0%A4%A", "a".repeat(5000)];

function deviceCookieWith(value: string): string {
  return `${deviceCookieName(env().secure)}=${value}`;
}

/** The unreadable cookie is replaced, as if the browser had none; returns the new cookie. */
function replacedDeviceCookie(result: { status: number; body: unknown; headers: Headers }): string {
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  const deviceId = deviceIdSetBy(result as RouteResponse);
  expect(deviceId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  return deviceCookieWith(deviceId as string);
}

describe.each(MALFORMED.map((value) => [value.length > 20 ? "an oversized value" : value, value]))("a device cookie of %s", (_label, value) => {
  it("is replaced when sign-up starts, and the sign-up finishes signed in", async () => {
    const email = uniqueEmail("device-cookie");
    const options = await callRoute(signUpOptions, { body: { email, name: "Ada" }, cookie: deviceCookieWith(value) });
    const cookie = replacedDeviceCookie(options);
    const response = await createSoftwareAuthenticator().createCredential(options.body as PublicKeyCredentialCreationOptionsJSON, { origin: ORIGIN });

    const result = await callRoute(signUpVerify, { body: { response }, cookie });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const { id } = await sessionSetBy(result);
    const user = await prisma.user.findFirstOrThrow({ where: { email }, include: { passkeys: true, sessions: true } });
    expect(user.passkeys).toHaveLength(1);
    expect(user.sessions.map((session) => session.id)).toEqual([id]);
  });

  it("sent only with the sign-up's answer is refused as another browser's, before any account exists", async () => {
    const email = uniqueEmail("device-cookie");
    const options = await callRoute(signUpOptions, { body: { email, name: "Ada" } });
    const response = await createSoftwareAuthenticator().createCredential(options.body as PublicKeyCredentialCreationOptionsJSON, { origin: ORIGIN });

    expectRefusal(await callRoute(signUpVerify, { body: { response }, cookie: deviceCookieWith(value) }), 400, "challenge_invalid");

    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("is replaced when a passkey sign-in starts, and the sign-in finishes", async () => {
    const account = await signUpAccount();
    const options = await callRoute(signInOptions, { body: {}, cookie: deviceCookieWith(value) });
    const cookie = replacedDeviceCookie(options);
    const assertion = await account.authenticator.getAssertion(options.body as PublicKeyCredentialRequestOptionsJSON, { origin: ORIGIN });

    const result = await callRoute(signInVerify, { body: { response: assertion }, cookie });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const { id } = await sessionSetBy(result);
    expect(await prisma.session.findUniqueOrThrow({ where: { id } })).toMatchObject({ userId: account.user.id });
  });

  it("lets a recovery sign-in finish, spending exactly one code for one session", async () => {
    const user = await createUser();
    const [code] = await generateRecoveryCodes(user.id, { ipAddress: null, userAgent: null });

    const result = await callRoute(recoverySignIn, { path: "/api/recovery/sign-in", body: { email: user.email, code }, cookie: deviceCookieWith(value) });

    replacedDeviceCookie(result);
    const { id } = await sessionSetBy(result);
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ unused: 9, total: 10 });
    expect((await prisma.session.findMany({ where: { userId: user.id } })).map((session) => session.id)).toEqual([id]);
  });
});

it("keeps a readable device cookie: the control for the cases above", async () => {
  const options = await callRoute(signInOptions, { body: {} });
  expect(options.status).toBe(200);
  expect(deviceIdSetBy(options as RouteResponse)).toBeUndefined();
});
