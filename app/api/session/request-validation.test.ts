import { beforeAll, describe, expect, it } from "vitest";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signInVerify } from "@/app/api/session/sign-in/verify/route";
import { POST as signUpOptions } from "@/app/api/account/sign-up/options/route";
import { POST as signUpVerify } from "@/app/api/account/sign-up/verify/route";
import { prisma } from "@/lib/server/platform/db";
import { accountState } from "@/lib/testing/account-state";
import { requestSignInOptions, requestSignUpOptions } from "@/lib/testing/ceremonies";
import { signUpAccount } from "@/lib/testing/factories";
import { uniqueEmail } from "@/lib/testing/unique-email";
import { expectRefusal } from "@/lib/testing/refusals";
import { ORIGIN, callRoute, type RouteResponse } from "@/lib/testing/route-harness";
import { createSoftwareAuthenticator } from "@/lib/testing/software-authenticator";

const ROUTES = {
  "registration/options": signUpOptions,
  "registration/verify": signUpVerify,
  "authentication/options": signInOptions,
  "authentication/verify": signInVerify,
} as const;
type CeremonyRoute = keyof typeof ROUTES;
const CEREMONY_ROUTES = Object.keys(ROUTES) as CeremonyRoute[];

// A well-formed body per route, so each case below differs from success in one thing only.
const validBodies = {} as Record<CeremonyRoute, unknown>;

beforeAll(async () => {
  const account = await signUpAccount();
  const registration = await createSoftwareAuthenticator().createCredential(await requestSignUpOptions(signUpOptions, uniqueEmail()), { origin: ORIGIN });
  const assertion = await account.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN });
  validBodies["registration/options"] = { email: uniqueEmail(), name: "Valid Name" };
  validBodies["registration/verify"] = { response: registration };
  validBodies["authentication/options"] = { email: account.user.email };
  validBodies["authentication/verify"] = { response: assertion };
});

async function storedRows(): Promise<unknown> {
  return { state: await accountState(), challenges: await prisma.challenge.findMany({ orderBy: { id: "asc" } }) };
}

async function expectNothingStored(attempt: () => Promise<RouteResponse>, status: number, code: string): Promise<void> {
  const before = await storedRows();
  expectRefusal(await attempt(), status, code);
  expect(await storedRows()).toEqual(before);
}

describe.each(CEREMONY_ROUTES)("POST the %s ceremony route", (route) => {
  it.each([
    ["no Origin header", { origin: null }],
    ["a foreign Origin", { origin: "https://evil.example" }],
    ["an Origin that merely starts with this site's", { origin: "http://localhost:3000.evil.example" }],
    ["an opaque Origin", { origin: "null" }],
    ["this site's origin over another scheme", { origin: "https://localhost:3000" }],
    ["no Origin and a cross-site fetch", { origin: null, "sec-fetch-site": "cross-site" }],
  ])("refuses %s with 403 before reading the body", async (_label, headers) => {
    await expectNothingStored(() => callRoute(ROUTES[route], { body: validBodies[route], headers }), 403, "forbidden_origin");
  });

  it.each([
    ["a body that is not JSON", "{not json"],
    ["an empty body", ""],
  ])("answers %s with 400 invalid_json", async (_label, rawBody) => {
    await expectNothingStored(() => callRoute(ROUTES[route], { rawBody }), 400, "invalid_json");
  });

  it.each([
    ["JSON null", "null"],
    ["a JSON array", "[]"],
    ["a JSON string", '"hello"'],
  ])("answers %s with 400 invalid_request", async (_label, rawBody) => {
    await expectNothingStored(() => callRoute(ROUTES[route], { rawBody }), 400, "invalid_request");
  });
});

describe("request bodies for sign-up options", () => {
  it.each([
    ["a missing email", { name: "Ada" }, /email/],
    ["a missing name", { email: "ada@example.com" }, /name/],
    ["an email that is a number", { email: 42, name: "Ada" }, /email/],
    ["a name that is an object", { email: "ada@example.com", name: { first: "Ada" } }, /name/],
    ["an invalid email", { email: "ada@", name: "Ada" }, /valid email/],
    ["an email with spaces inside", { email: "ada lovelace@example.com", name: "Ada" }, /valid email/],
    ["an oversized email", { email: `${"a".repeat(250)}@example.com`, name: "Ada" }, /too long/],
    ["an empty name", { email: "ada@example.com", name: "" }, /Enter your name/],
    ["a whitespace name", { email: "ada@example.com", name: " \t\n  " }, /Enter your name/],
    ["a 65-character name", { email: "ada@example.com", name: "N".repeat(65) }, /at most 64/],
    ["a 300-character name", { email: "ada@example.com", name: "N".repeat(300) }, /at most 64/],
  ])("answers %s with 400 and a specific message", async (_label, body, message) => {
    const before = await prisma.challenge.count();
    const result = await callRoute(signUpOptions, { body });
    expectRefusal(result, 400, "invalid_request");
    expect((result.body as { error: string }).error).toMatch(message);
    expect(await prisma.challenge.count()).toBe(before);
  });

  it("refuses a body over 64 KB with 413 before parsing it", async () => {
    const before = await prisma.challenge.count();
    const result = await callRoute(signUpOptions, { body: { email: "ada@example.com", name: "N".repeat(1_000_000) } });
    expectRefusal(result, 413, "body_too_large");
    expect(await prisma.challenge.count()).toBe(before);
  });

  // PostgreSQL refuses NUL (\u0000) in text and jsonb: it must be caught as bad input, not a 500.
  it("answers a name containing a NUL character with 400, not 500", async () => {
    expectRefusal(await callRoute(signUpOptions, { body: { email: uniqueEmail(), name: "Ada\u0000" } }), 400, "invalid_request");
  });
});

// Schemas without a message of their own (body objects, the passkey response shape) must still
// answer with a sentence a person can act on, never zod's "Invalid input: expected object…".
describe("wording of structural errors", () => {
  it.each([
    ["registration/options", null],
    ["authentication/options", []],
    ["authentication/verify", { response: {} }],
    ["registration/verify", { response: { id: "abc", rawId: "abc", type: "password", response: {} } }],
  ] as const)("explains a malformed body for %s in a sentence", async (route, body) => {
    expectRefusal(await callRoute(ROUTES[route], { body }), 400, "invalid_request");
  });
});

describe("request bodies for sign-in options", () => {
  it.each([
    ["an invalid email", { email: "not-an-email" }],
    ["an email that is a number", { email: 7 }],
    ["an oversized email", { email: `${"b".repeat(300)}@example.com` }],
  ])("answers %s with 400", async (_label, body) => {
    await expectNothingStored(() => callRoute(signInOptions, { body }), 400, "invalid_request");
  });

  it("answers an email without an account like any other, with options (see account-enumeration.test.ts)", async () => {
    expect((await callRoute(signInOptions, { body: { email: uniqueEmail("nobody") } })).status).toBe(200);
  });
});

describe.each(["registration/verify", "authentication/verify"] as const)("request bodies for %s", (route) => {
  function withResponse(change: (response: Record<string, unknown>) => unknown): unknown {
    const { response } = validBodies[route] as { response: Record<string, unknown> };
    return { response: change(structuredClone(response)) };
  }
  function withInner(field: string, value: unknown): unknown {
    return withResponse((r) => ({ ...r, response: { ...(r.response as object), [field]: value } }));
  }

  it.each([
    ["no response", () => ({})],
    ["a null response", () => ({ response: null })],
    ["an array response", () => ({ response: [] })],
    ["an empty response", () => ({ response: {} })],
    ["a missing id", () => withResponse(({ id: _id, ...rest }) => rest)],
    ["a numeric rawId", () => withResponse((r) => ({ ...r, rawId: 123 }))],
    ["a wrong credential type", () => withResponse((r) => ({ ...r, type: "password" }))],
    ["an unknown attachment", () => withResponse((r) => ({ ...r, authenticatorAttachment: "usb-stick" }))],
    ["a missing clientDataJSON", () => withInner("clientDataJSON", undefined)],
    ["clientDataJSON that is not base64url", () => withInner("clientDataJSON", "eyJ0eXBlIjoid2ViYXV0aG4=")],
    ["clientDataJSON with characters outside base64url", () => withInner("clientDataJSON", "abc$%^")],
    ["an empty clientDataJSON", () => withInner("clientDataJSON", "")],
    ["an oversized clientDataJSON", () => withInner("clientDataJSON", "A".repeat(20_000))],
  ])("answers %s with 400", async (_label, body) => {
    await expectNothingStored(() => callRoute(ROUTES[route], { body: body() }), 400, "invalid_request");
  });

  it("explains clientDataJSON with characters outside base64url in a sentence", async () => {
    expectRefusal(await callRoute(ROUTES[route], { body: withInner("clientDataJSON", "abc$%^") }), 400, "invalid_request");
  });

  it("answers clientDataJSON that decodes to no challenge with 400", async () => {
    const garbage = Buffer.from('{"type":"webauthn.get"}').toString("base64url");
    await expectNothingStored(() => callRoute(ROUTES[route], { body: withInner("clientDataJSON", garbage) }), 400, "challenge_invalid");
  });
});

// Last, because they spend the fixtures: the same bodies, untouched, are accepted, so each
// refusal above was caused by the one thing it changed.
describe("control: the well-formed requests", () => {
  it("accepts a same-origin fetch that sends Sec-Fetch-Site instead of Origin", async () => {
    const result = await callRoute(signInOptions, { body: {}, headers: { origin: null, "sec-fetch-site": "same-origin" } });
    expect(result.status).toBe(200);
  });

  it.each(CEREMONY_ROUTES)("accepts the unmodified body for %s", async (route) => {
    const result = await callRoute(ROUTES[route], { body: validBodies[route] });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
  });
});
