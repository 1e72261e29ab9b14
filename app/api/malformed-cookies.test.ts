// A device cookie the portal cannot read counts as no cookie. Before, `portal.device=%ZZ` made
// the verify routes answer 500 after their irreversible step: the account existed without a
// session (a retry said "email taken"), the challenge was used up, the recovery code spent.
// (The session cookie's own cases are in session-cookie.test.ts.)
import { describe, expect, it } from "vitest";
import { POST as recoverySignIn } from "@/app/api/recovery/sign-in/route";
import { deviceCookieName } from "@/lib/server/http/cookies";
import { prisma } from "@/lib/server/platform/db";
import { env } from "@/lib/server/platform/env";
import { generateRecoveryCodes, recoveryCodeStatus } from "@/lib/server/recovery/recovery-codes";
import { expectRejection, ORIGIN, post, registerUser, TEST_DEVICE_COOKIE, uniqueEmail } from "@/lib/testing/ceremony-helpers";
import { createSoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { callRoute, createUser, deviceIdSetBy, sessionSetBy, type RouteResponse } from "@/lib/testing/session-helpers";
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
    const options = await post("registration/options", { email, name: "Ada" }, { headers: { cookie: deviceCookieWith(value) } });
    const cookie = replacedDeviceCookie(options);
    const response = await createSoftwareAuthenticator().createCredential(options.body as PublicKeyCredentialCreationOptionsJSON, { origin: ORIGIN });

    const result = await post("registration/verify", { response }, { headers: { cookie } });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const { id } = await sessionSetBy(result);
    const user = await prisma.user.findFirstOrThrow({ where: { email }, include: { passkeys: true, sessions: true } });
    expect(user.passkeys).toHaveLength(1);
    expect(user.sessions.map((session) => session.id)).toEqual([id]);
  });

  it("sent only with the sign-up's answer is refused as another browser's, before any account exists", async () => {
    const email = uniqueEmail("device-cookie");
    const options = await post("registration/options", { email, name: "Ada" });
    const response = await createSoftwareAuthenticator().createCredential(options.body as PublicKeyCredentialCreationOptionsJSON, { origin: ORIGIN });

    expectRejection(await post("registration/verify", { response }, { headers: { cookie: deviceCookieWith(value) } }), 400, "challenge_invalid");

    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("is replaced when a passkey sign-in starts, and the sign-in finishes", async () => {
    const user = await registerUser();
    const options = await post("authentication/options", {}, { headers: { cookie: deviceCookieWith(value) } });
    const cookie = replacedDeviceCookie(options);
    const assertion = await user.authenticator.getAssertion(options.body as PublicKeyCredentialRequestOptionsJSON, { origin: ORIGIN });

    const result = await post("authentication/verify", { response: assertion }, { headers: { cookie } });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const { id } = await sessionSetBy(result);
    expect(await prisma.session.findUniqueOrThrow({ where: { id } })).toMatchObject({ userId: user.userId });
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
  const options = await post("authentication/options", {}, { headers: { cookie: TEST_DEVICE_COOKIE } });
  expect(options.status).toBe(200);
  expect(deviceIdSetBy(options as RouteResponse)).toBeUndefined();
});
