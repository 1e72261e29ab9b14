import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { POST as generateCodes } from "@/app/api/recovery/codes/route";
import { POST as recoverySignIn } from "@/app/api/recovery/sign-in/route";
import { prisma } from "@/lib/server/platform/db";
import { env } from "@/lib/server/platform/env";
import { recoveryCodeStatus, WRONG_CODE } from "@/lib/server/recovery/recovery-codes";
import { deviceCookie, deviceIdSetBy, sessionSetBy, setCookie } from "@/lib/testing/cookies";
import { createUser, createUserWithRecoveryCodes, expireStepUp, openSession } from "@/lib/testing/factories";
import { uniqueEmail } from "@/lib/testing/unique-email";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, type RouteResponse } from "@/lib/testing/route-harness";
import { eventTypes } from "@/lib/testing/mail-helpers";

/** A recovery sign-in from a browser without a device cookie (unless `headers` gives one). */
function signIn(body: unknown, headers: Record<string, string | null> = {}): Promise<RouteResponse> {
  return callRoute(recoverySignIn, { path: "/api/recovery/sign-in", body, cookie: null, headers });
}

// Every test starts with fresh attempt counters; the limits themselves are tested on purpose below.
beforeEach(async () => {
  await prisma.rateLimit.deleteMany();
});

describe("POST /api/recovery/sign-in", () => {
  it("signs a right code's browser in to a recovery session and gives the browser a device cookie", async () => {
    const { user, codes } = await createUserWithRecoveryCodes();

    const result = await signIn({ email: `  ${user.email.toUpperCase()} `, code: codes[0].toLowerCase() });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const deviceId = deviceIdSetBy(result);
    expect(deviceId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(setCookie(result.headers, "portal.device")?.attributes).toMatch(/HttpOnly/i);
    const session = await prisma.session.findUniqueOrThrow({ where: { id: (await sessionSetBy(result)).id } });
    expect(session).toMatchObject({ userId: user.id, passkeyId: null, method: "recovery", deviceId, verifiedAt: null });
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ unused: 9 });
  });

  it("keeps a device cookie the browser already has", async () => {
    const { user, codes } = await createUserWithRecoveryCodes();
    const deviceId = randomBytes(16).toString("base64url");

    const result = await signIn({ email: user.email, code: codes[0] }, { cookie: deviceCookie(deviceId) });

    expect(result.status).toBe(200);
    expect(deviceIdSetBy(result)).toBeUndefined();
    expect(await prisma.session.findUniqueOrThrow({ where: { id: (await sessionSetBy(result)).id } })).toMatchObject({ deviceId });
  });

  it("opens a recovery session and records the sign-in", async () => {
    const { user, codes } = await createUserWithRecoveryCodes();
    const result = await signIn({ email: user.email, code: codes[0] });

    const { id: sessionId } = await sessionSetBy(result);

    expect(await prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ userId: user.id, method: "recovery", passkeyId: null });
    const signedIn = await prisma.securityEvent.findFirstOrThrow({ where: { userId: user.id, type: "signed_in" } });
    expect(signedIn.detail).toEqual({ method: "recovery" });
    expect(await eventTypes(user.id)).toEqual(["recovery_codes_generated", "recovery_code_used", "signed_in"]);
  });

  it("refuses a wrong email, a wrong code and a spent code with one and the same answer", async () => {
    const { user, codes } = await createUserWithRecoveryCodes();
    expect((await signIn({ email: user.email, code: codes[0] })).status).toBe(200);

    const answers = [
      await signIn({ email: uniqueEmail("nobody"), code: codes[1] }),
      await signIn({ email: user.email, code: "ZZZZ-ZZZZ-ZZZZ" }),
      await signIn({ email: user.email, code: codes[0] }),
    ];

    for (const answer of answers) {
      expect(expectRefusal(answer, 401, "recovery_failed")).toBe(WRONG_CODE);
      expect(deviceIdSetBy(answer)).toBeUndefined();
    }
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ unused: 9 });
  });

  it(`refuses the 6th attempt for one email within 15 minutes with 429 and Retry-After, even with a right code`, async () => {
    const { user, codes } = await createUserWithRecoveryCodes();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expectRefusal(await signIn({ email: user.email, code: "ZZZZ-ZZZZ-ZZZZ" }), 401, "recovery_failed");
    }

    const limited = await signIn({ email: user.email, code: codes[0] });

    const message = expectRefusal(limited, 429, "rate_limited");
    expect(message).toMatch(/^Too many attempts\. .*please wait 15 minutes and try again\.$/);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ unused: 10 });
    // The limit is the account's: someone else's recovery is unaffected.
    const other = await createUserWithRecoveryCodes();
    expect((await signIn({ email: other.user.email, code: other.codes[0] })).status).toBe(200);
  });

  it("limits one IP address across many emails, but not other addresses", async () => {
    const headers = { "x-forwarded-for": "198.51.100.23" };
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      expectRefusal(await signIn({ email: uniqueEmail("guess"), code: "ZZZZ-ZZZZ-ZZZZ" }, headers), 401, "recovery_failed");
    }

    expectRefusal(await signIn({ email: uniqueEmail("guess"), code: "ZZZZ-ZZZZ-ZZZZ" }, headers), 429, "rate_limited");
    const { user, codes } = await createUserWithRecoveryCodes();
    expect((await signIn({ email: user.email, code: codes[0] }, { "x-forwarded-for": "198.51.100.24" })).status).toBe(200);
  });

  it("answers a malformed body with 400, not 500", async () => {
    const cases: RouteResponse[] = [
      await callRoute(recoverySignIn, { rawBody: "{not json" }),
      await signIn({ email: "someone@example.com" }),
      await signIn({ email: "not an email", code: "ZZZZ-ZZZZ-ZZZZ" }),
      await signIn({ email: "someone@example.com", code: "Z".repeat(65) }),
      await signIn([]),
    ];
    expectRefusal(cases[0], 400, "invalid_json");
    for (const result of cases.slice(1)) expectRefusal(result, 400, "invalid_request");
    expect((cases[1].body as { error: string }).error).toBe("Enter one of your recovery codes.");
  });

  it("refuses a request from another site", async () => {
    const { user, codes } = await createUserWithRecoveryCodes();
    expectRefusal(await signIn({ email: user.email, code: codes[0] }, { origin: "https://evil.example" }), 403, "forbidden_origin");
    expectRefusal(await signIn({ email: user.email, code: codes[0] }, { origin: null }), 403, "forbidden_origin");
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ unused: 10 });
  });
});

describe("POST /api/recovery/codes", () => {
  it("gives a recently verified session ten new codes that replace the old ones", async () => {
    const { user, codes: old } = await createUserWithRecoveryCodes();
    const session = await openSession(user.id);

    const result = await callRoute(generateCodes, { path: "/api/recovery/codes", cookie: session.cookie });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const { codes } = result.body as { codes: string[] };
    expect(codes).toHaveLength(10);
    expect(codes.filter((code) => old.includes(code))).toEqual([]);
    expectRefusal(await signIn({ email: user.email, code: old[0] }), 401, "recovery_failed");
    expect((await signIn({ email: user.email, code: codes[0] })).status).toBe(200);
  });

  it(`requires a passkey check within the last ${env().stepUpWindowMs / 60_000} minutes`, async () => {
    const { user, codes } = await createUserWithRecoveryCodes();
    const session = await openSession(user.id);
    await expireStepUp(session.id);
    const before = await prisma.recoveryCode.findMany({ where: { userId: user.id }, orderBy: { id: "asc" } });

    expectRefusal(await callRoute(generateCodes, { cookie: session.cookie }), 403, "step_up_required");

    expect(await prisma.recoveryCode.findMany({ where: { userId: user.id }, orderBy: { id: "asc" } })).toEqual(before);
    expect((await signIn({ email: user.email, code: codes[0] })).status).toBe(200);
  });

  it("refuses a signed-out browser and another site", async () => {
    const user = await createUser();
    const session = await openSession(user.id);
    expectRefusal(await callRoute(generateCodes, {}), 401, "signed_out");
    expectRefusal(await callRoute(generateCodes, { cookie: session.cookie, headers: { origin: "https://evil.example" } }), 403, "forbidden_origin");
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ total: 0 });
  });
});
