import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { beforeEach, describe, expect, it } from "vitest";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signInVerify } from "@/app/api/session/sign-in/verify/route";
import { prisma } from "@/lib/server/platform/db";
import { LIMITS } from "@/lib/server/security/rate-limit";
import { requestSignInOptions } from "@/lib/testing/ceremonies";
import { signUpAccount } from "@/lib/testing/factories";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, ORIGIN, TEST_DEVICE_COOKIE, type RouteResponse } from "@/lib/testing/route-harness";

// API refusals are answered in the request's language: the footer switcher's cookie, else
// Accept-Language, else English. The code never changes, so the browser can still branch on it.

const GERMAN = { "accept-language": "de-DE,de;q=0.9,en;q=0.8" };

beforeEach(async () => {
  await prisma.rateLimit.deleteMany();
});

function brokenJson(headers: Record<string, string>, cookie = TEST_DEVICE_COOKIE): Promise<RouteResponse> {
  return callRoute(signInOptions, { rawBody: "{not json", headers, cookie });
}

function verify(response: AuthenticationResponseJSON, headers: Record<string, string>): Promise<RouteResponse> {
  return callRoute(signInVerify, { body: { response }, headers });
}

describe("API refusals in the request's language", () => {
  it("answers malformed JSON in German for a German browser and in English otherwise", async () => {
    expect(expectRefusal(await brokenJson(GERMAN), 400, "invalid_json")).toBe("Der Inhalt der Anfrage muss gültiges JSON sein.");
    expect(expectRefusal(await brokenJson({ "accept-language": "en-US,en;q=0.9" }), 400, "invalid_json")).toBe("The request body must be valid JSON.");
    expect(expectRefusal(await brokenJson({ "accept-language": "fr-FR,fr;q=0.9" }), 400, "invalid_json")).toBe("The request body must be valid JSON.");
    expect(expectRefusal(await brokenJson({}), 400, "invalid_json")).toBe("The request body must be valid JSON.");
  });

  it("lets the language cookie win over Accept-Language, and ignores a cookie it does not know", async () => {
    const english = await brokenJson(GERMAN, `${TEST_DEVICE_COOKIE}; portal-locale=en`);
    expect(expectRefusal(english, 400, "invalid_json")).toBe("The request body must be valid JSON.");
    const german = await brokenJson({ "accept-language": "en" }, `${TEST_DEVICE_COOKIE}; portal-locale=de`);
    expect(expectRefusal(german, 400, "invalid_json")).toBe("Der Inhalt der Anfrage muss gültiges JSON sein.");
    const forged = await brokenJson(GERMAN, `${TEST_DEVICE_COOKIE}; portal-locale=%3Cscript%3E`);
    expect(expectRefusal(forged, 400, "invalid_json")).toBe("Der Inhalt der Anfrage muss gültiges JSON sein.");
  });

  it("explains a used challenge and an unknown passkey in German", async () => {
    const user = await signUpAccount();
    const assertion = await user.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN });
    expect((await verify(assertion, GERMAN)).status).toBe(200);

    expect(expectRefusal(await verify(assertion, GERMAN), 400, "challenge_invalid")).toBe(
      "Diese Anmeldeanfrage ist abgelaufen oder wurde bereits verwendet. Bitte versuchen Sie es noch einmal.",
    );
    const fresh = await user.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN });
    const stranger = { ...fresh, id: "c3RyYW5nZXI", rawId: "c3RyYW5nZXI" };
    expect(expectRefusal(await verify(stranger, GERMAN), 401, "unknown_credential")).toMatch(/^Dieser Passkey ist bei uns nicht registriert\./);
    const english = await user.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN });
    expect(expectRefusal(await verify({ ...english, id: "c3RyYW5nZXI", rawId: "c3RyYW5nZXI" }, {}), 401, "unknown_credential")).toBe(
      "This passkey isn't registered with us. It may have been removed; try another passkey or create an account.",
    );
  });

  it("tells a German browser how long to wait, matching Retry-After", async () => {
    const from = { ...GERMAN, "x-forwarded-for": "198.51.100.231" };
    for (let i = 1; i <= LIMITS.signInOptionsPerIp.limit; i += 1) expect((await callRoute(signInOptions, { body: {}, headers: from })).status).toBe(200);

    const refused = await callRoute(signInOptions, { body: {}, headers: from });

    const message = expectRefusal(refused, 429, "rate_limited");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    const match = /^Zu viele Versuche\. Bitte warten Sie zu Ihrer Sicherheit (\d+) (Sekunden?|Minuten?) und versuchen Sie es dann noch einmal\.$/.exec(message);
    expect(match, message).not.toBeNull();
    const [, count, unit] = match!;
    expect(Number(count)).toBe(unit.startsWith("Sekunde") ? retryAfter : Math.ceil(retryAfter / 60));
    expect(unit.endsWith("n")).toBe(Number(count) !== 1);
  });
});
