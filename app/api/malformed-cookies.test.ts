// A cookie the portal cannot read counts as no cookie. Before, `portal.device=%ZZ` made the
// verify routes answer 500 after their irreversible step: the account existed without a
// session (a retry said "email taken"), the challenge was used up, the recovery code spent.
import { describe, expect, it } from "vitest";
import { POST as sessionsSignOutOthers } from "@/app/api/sessions/sign-out-others/route";
import { POST as recoverySignIn } from "@/app/api/recovery/sign-in/route";
import { POST as signInVerify } from "@/app/api/webauthn/authentication/verify/route";
import { POST as signUpVerify } from "@/app/api/webauthn/registration/verify/route";
import { deviceCookieName, sessionCookieName } from "@/lib/cookies";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { generateRecoveryCodes, recoveryCodeStatus } from "@/lib/recovery-codes";
import { ORIGIN, registerUser, signInOptions, signUpOptions, uniqueEmail } from "@/lib/testing/ceremony-helpers";
import { createSoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { callRoute, createUser, deviceIdSetBy, expectRefusal, openSession, type RouteResponse } from "@/lib/testing/session-helpers";

const MALFORMED = ["%ZZ", "%", "%E0%A4%A"];

function deviceCookieWith(value: string): string {
  return `${deviceCookieName(env().secure)}=${value}`;
}

/** Signed in: a way in was issued for the account (today a sign-in grant, later the session itself). */
async function waysIn(userId: string): Promise<number> {
  const [grants, sessions] = await Promise.all([prisma.signInGrant.count({ where: { userId } }), prisma.session.count({ where: { userId } })]);
  return grants + sessions;
}

function expectFreshDeviceCookie(result: RouteResponse): void {
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  // The unreadable cookie is replaced, as if the browser had none.
  expect(deviceIdSetBy(result)).toMatch(/^[A-Za-z0-9_-]{22}$/);
}

describe.each(MALFORMED)("a device cookie of %s", (value) => {
  it("lets sign-up finish: the account is created and signed in", async () => {
    const email = uniqueEmail("device-cookie");
    const response = await createSoftwareAuthenticator().createCredential(await signUpOptions(email), { origin: ORIGIN });

    const result = await callRoute(signUpVerify, { path: "/api/webauthn/registration/verify", body: { response }, cookie: deviceCookieWith(value) });

    expectFreshDeviceCookie(result);
    const user = await prisma.user.findUniqueOrThrow({ where: { email }, include: { passkeys: true } });
    expect(user.passkeys).toHaveLength(1);
    expect(await waysIn(user.id)).toBe(1);
  });

  it("lets a passkey sign-in finish", async () => {
    const user = await registerUser();
    const assertion = await user.authenticator.getAssertion(await signInOptions(), { origin: ORIGIN });
    const before = await waysIn(user.userId);

    const result = await callRoute(signInVerify, { path: "/api/webauthn/authentication/verify", body: { response: assertion }, cookie: deviceCookieWith(value) });

    expectFreshDeviceCookie(result);
    expect(await waysIn(user.userId)).toBe(before + 1);
  });

  it("lets a recovery sign-in finish, spending exactly one code", async () => {
    const user = await createUser();
    const [code] = await generateRecoveryCodes(user.id, { ipAddress: null, userAgent: null });

    const result = await callRoute(recoverySignIn, { path: "/api/recovery/sign-in", body: { email: user.email, code }, cookie: deviceCookieWith(value) });

    expectFreshDeviceCookie(result);
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ unused: 9, total: 10 });
    expect(await waysIn(user.id)).toBe(1);
  });
});

describe("the session cookie on a signed-in API route", () => {
  const sessionName = (): string => sessionCookieName(env().secure);

  it.each([...MALFORMED, "a".repeat(5000)])("treats %s as signed out: 401, never 500", async (value) => {
    const result = await callRoute(sessionsSignOutOthers, { path: "/api/sessions/sign-out-others", cookie: `${sessionName()}=${value}` });
    expectRefusal(result, 401, "signed_out");
  });

  it("reads the first of two session cookies", async () => {
    const user = await createUser();
    const session = await openSession(user.id);
    const token = session.cookie.slice(session.cookie.indexOf("=") + 1);

    const first = await callRoute(sessionsSignOutOthers, { path: "/api/sessions/sign-out-others", cookie: `${sessionName()}=${token}; ${sessionName()}=%ZZ` });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const second = await callRoute(sessionsSignOutOthers, { path: "/api/sessions/sign-out-others", cookie: `${sessionName()}=%ZZ; ${sessionName()}=${token}` });
    expectRefusal(second, 401, "signed_out");
  });
});
