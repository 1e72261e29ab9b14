import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { beforeEach, describe, expect, it } from "vitest";
import { POST as stepUpOptions } from "@/app/api/session/step-up/options/route";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signInVerify } from "@/app/api/session/sign-in/verify/route";
import { POST as signUpOptions } from "@/app/api/account/sign-up/options/route";
import { prisma } from "@/lib/server/platform/db";
import { LIMITS, type RateLimit } from "@/lib/server/security/rate-limit";
import { requestSignInOptions } from "@/lib/testing/ceremonies";
import { createUser, openSession, signUpAccount } from "@/lib/testing/factories";
import { uniqueEmail } from "@/lib/testing/unique-email";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, ORIGIN, type RouteResponse } from "@/lib/testing/route-harness";

beforeEach(async () => {
  await prisma.rateLimit.deleteMany();
});

/** Makes `limit.limit` allowed calls, then returns the answer to one more. */
async function exhaust(limit: RateLimit, call: () => Promise<RouteResponse>): Promise<RouteResponse> {
  for (let i = 1; i <= limit.limit; i += 1) {
    const result = await call();
    expect(result.status, `call ${i}: ${JSON.stringify(result.body)}`).not.toBe(429);
  }
  return call();
}

function expectLimited(result: RouteResponse, limit: RateLimit): void {
  expectRefusal(result, 429, "rate_limited");
  const retryAfter = Number(result.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(limit.windowSeconds);
}

function options(body: unknown, headers: Record<string, string> = {}): Promise<RouteResponse> {
  return callRoute(signInOptions, { body, headers });
}

function verify(response: AuthenticationResponseJSON, headers: Record<string, string> = {}): Promise<RouteResponse> {
  return callRoute(signInVerify, { body: { response }, headers });
}

describe("sign-in options", () => {
  it("limits email-first requests per email from one address, never the owner's requests from elsewhere", async () => {
    const { email } = await createUser();
    const stranger = { "x-forwarded-for": "198.51.100.140" };

    expectLimited(await exhaust(LIMITS.signInOptionsPerAccount, () => options({ email }, stranger)), LIMITS.signInOptionsPerAccount);

    expectLimited(await options({ email: email.toUpperCase() }, stranger), LIMITS.signInOptionsPerAccount);
    // The stranger spent only their own allowance: the owner's "Next" still works.
    expect((await options({ email }, { "x-forwarded-for": "203.0.113.140" })).status).toBe(200);
    expect((await options({ email: (await createUser()).email }, stranger)).status).toBe(200);
    expect((await options({}, stranger)).status).toBe(200);
  });

  it("limits requests per IP address", async () => {
    const from = { "x-forwarded-for": "198.51.100.150" };

    expectLimited(await exhaust(LIMITS.signInOptionsPerIp, () => options({}, from)), LIMITS.signInOptionsPerIp);

    expect((await options({}, { "x-forwarded-for": "198.51.100.151" })).status).toBe(200);
  });

  it("counts every IPv6 address of one /64 network as one address", async () => {
    let host = 0;
    const fromNetwork = (): Record<string, string> => ({ "x-forwarded-for": `2001:db8:77:1::${(host += 1).toString(16)}` });

    expectLimited(await exhaust(LIMITS.signInOptionsPerIp, () => options({}, fromNetwork())), LIMITS.signInOptionsPerIp);

    expect((await options({}, { "x-forwarded-for": "2001:db8:77:2::1" })).status).toBe(200);
  });
});

describe("passkey sign-in", () => {
  it("answers a flood of failures for one account with 429, yet still lets its owner's valid passkey in", async () => {
    const user = await signUpAccount();
    const replayed = await user.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN });
    expect((await verify(replayed)).status).toBe(200);
    for (let attempt = 1; attempt <= LIMITS.signInFailuresPerAccount.limit; attempt += 1) {
      expectRefusal(await verify(replayed), 400, "challenge_invalid");
    }

    expectLimited(await verify(replayed), LIMITS.signInFailuresPerAccount);

    const fresh = await user.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN });
    expect((await verify(fresh)).status).toBe(200);
  });

  it("limits attempts per IP address before checking them", async () => {
    const user = await signUpAccount();
    const from = { "x-forwarded-for": "198.51.100.160" };
    const assertion = await user.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN });
    // A passkey nobody registered: these failures count against the IP address only.
    const stranger = { ...assertion, id: "c3RyYW5nZXI", rawId: "c3RyYW5nZXI" };
    expectRefusal(await verify(stranger, from), 401, "unknown_credential");
    for (let attempt = 2; attempt <= LIMITS.signInPerIp.limit; attempt += 1) {
      expectRefusal(await verify(stranger, from), 400, "challenge_invalid");
    }

    const fresh = await user.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN });
    expectLimited(await verify(fresh, from), LIMITS.signInPerIp);
    expect((await verify(fresh, { "x-forwarded-for": "198.51.100.161" })).status).toBe(200);
  });
});

describe("sign-up options", () => {
  it("limits requests per email", async () => {
    const email = uniqueEmail("signup");
    const signUp = () => callRoute(signUpOptions, { body: { email, name: "Someone" } });

    expectLimited(await exhaust(LIMITS.signUpPerEmail, signUp), LIMITS.signUpPerEmail);

    expect((await callRoute(signUpOptions, { body: { email: uniqueEmail("signup"), name: "Someone" } })).status).toBe(200);
  });
});

describe("signed-in ceremonies", () => {
  it("limit step-ups per account", async () => {
    const session = await openSession((await signUpAccount()).user.id);
    const other = await openSession((await signUpAccount()).user.id);

    expectLimited(await exhaust(LIMITS.accountCeremonyPerAccount, () => callRoute(stepUpOptions, { cookie: session.cookie })), LIMITS.accountCeremonyPerAccount);

    expect((await callRoute(stepUpOptions, { cookie: other.cookie })).status).toBe(200);
  });
});
