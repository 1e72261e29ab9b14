// RELATED_ORIGINS (WebAuthn related origin requests): every ceremony accepts a passkey used on
// ORIGINS or RELATED_ORIGINS, and nothing else. The tests' configuration (lib/testing/setup.ts)
// serves the portal at ORIGIN with RELATED_ORIGIN as the related site, under RP ID localhost.
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as addOptions } from "@/app/api/account/passkeys/registration/options/route";
import { POST as addVerify } from "@/app/api/account/passkeys/registration/verify/route";
import { POST as signUpOptions } from "@/app/api/account/sign-up/options/route";
import { POST as signUpVerify } from "@/app/api/account/sign-up/verify/route";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signInVerify } from "@/app/api/session/sign-in/verify/route";
import { POST as stepUpOptions } from "@/app/api/session/step-up/options/route";
import { POST as stepUpVerify } from "@/app/api/session/step-up/verify/route";
import { env } from "@/lib/server/platform/env";
import { prisma } from "@/lib/server/platform/db";
import { accountState } from "@/lib/testing/account-state";
import { requestSignInOptions, requestSignUpOptions } from "@/lib/testing/ceremonies";
import { sessionCookieName } from "@/lib/server/http/cookies";
import { sessionSetBy, setCookie } from "@/lib/testing/cookies";
import { openSession, signUpAccount } from "@/lib/testing/factories";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, ORIGIN, RELATED_ORIGIN, type RouteResponse } from "@/lib/testing/route-harness";
import { createSoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { uniqueEmail } from "@/lib/testing/unique-email";

// Each one a single step away from an accepted origin: another site, the related site over http,
// on another port, a subdomain of it, and a look-alike of the portal's own origin.
const OUTSIDE = [
  "https://unrelated.example",
  "http://related-portal.example",
  "https://related-portal.example:8443",
  "https://www.related-portal.example",
  "http://localhost:3001",
];

// A page served on the related origin sends it as its Origin header.
const FROM_RELATED = { origin: RELATED_ORIGIN };

afterEach(() => {
  vi.restoreAllMocks();
});

function quietly(): void {
  // SimpleWebAuthn's refusal is logged as a warning; these tests expect it.
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
}

function signedInBy(result: RouteResponse): boolean {
  return setCookie(result.headers, sessionCookieName(env().secure)) !== undefined;
}

it("runs with RELATED_ORIGIN configured beside ORIGIN (the premise of every test below)", () => {
  expect(env()).toMatchObject({ origins: [ORIGIN], relatedOrigins: [RELATED_ORIGIN], acceptedOrigins: [ORIGIN, RELATED_ORIGIN], rpId: "localhost" });
});

describe("a passkey used on a related origin", () => {
  it("creates an account and signs its browser in", async () => {
    const email = uniqueEmail("related-signup");
    const creation = await requestSignUpOptions(signUpOptions, email, "Related Person", FROM_RELATED);
    const response = await createSoftwareAuthenticator().createCredential(creation, { origin: RELATED_ORIGIN });

    const result = await callRoute(signUpVerify, { body: { response }, headers: FROM_RELATED });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const session = await sessionSetBy(result);
    expect((await prisma.session.findUniqueOrThrow({ where: { id: session.id }, include: { user: true } })).user.email).toBe(email);
  });

  it("signs in with a passkey created on the portal's own origin (one RP ID for both sites)", async () => {
    const account = await signUpAccount();
    const options = (await callRoute(signInOptions, { body: {}, headers: FROM_RELATED })).body as PublicKeyCredentialRequestOptionsJSON;
    expect(options.rpId).toBe("localhost");
    const assertion = await account.authenticator.getAssertion(options, { origin: RELATED_ORIGIN });

    const result = await callRoute(signInVerify, { body: { response: assertion }, headers: FROM_RELATED });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect((await prisma.session.findUniqueOrThrow({ where: { id: (await sessionSetBy(result)).id } })).userId).toBe(account.user.id);
  });

  it("adds a passkey to a signed-in account, and confirms with it (step-up)", async () => {
    const { user } = await signUpAccount();
    const session = await openSession(user.id);
    const authenticator = createSoftwareAuthenticator();
    const creation = (await callRoute(addOptions, { cookie: session.cookie, headers: FROM_RELATED })).body as PublicKeyCredentialCreationOptionsJSON;
    const added = await callRoute(addVerify, { cookie: session.cookie, headers: FROM_RELATED, body: { response: await authenticator.createCredential(creation, { origin: RELATED_ORIGIN }) } });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(await prisma.passkey.count({ where: { userId: user.id } })).toBe(2);

    // The new passkey cannot vouch for the session that added it; a fresh session can use it.
    const later = await openSession(user.id);
    const longAgo = new Date(Date.now() - 60 * 60 * 1000);
    await prisma.session.update({ where: { id: later.id }, data: { verifiedAt: longAgo } });
    const request = (await callRoute(stepUpOptions, { cookie: later.cookie, headers: FROM_RELATED })).body as PublicKeyCredentialRequestOptionsJSON;
    const confirmed = await callRoute(stepUpVerify, { cookie: later.cookie, headers: FROM_RELATED, body: { response: await authenticator.getAssertion(request, { origin: RELATED_ORIGIN }) } });

    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect((await prisma.session.findUniqueOrThrow({ where: { id: later.id } })).verifiedAt!.getTime()).toBeGreaterThan(longAgo.getTime());
  });
});

describe.each(OUTSIDE)("a passkey used on %s, outside ORIGINS and RELATED_ORIGINS", (outside) => {
  it("creates no account and signs nobody in", async () => {
    quietly();
    const creation = await requestSignUpOptions(signUpOptions, uniqueEmail("outside-signup"));
    const response = await createSoftwareAuthenticator().createCredential(creation, { origin: outside });
    const before = await accountState();

    const result = await callRoute(signUpVerify, { body: { response } });

    expectRefusal(result, 400, "verification_failed");
    expect(signedInBy(result)).toBe(false);
    expect(await accountState()).toEqual(before);
  });

  it("signs nobody in", async () => {
    quietly();
    const account = await signUpAccount();
    const assertion = await account.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: outside });
    const before = await accountState();

    const result = await callRoute(signInVerify, { body: { response: assertion } });

    expectRefusal(result, 401, "verification_failed");
    expect(signedInBy(result)).toBe(false);
    expect(await accountState()).toEqual(before);
  });

  it("adds no passkey, and confirms nothing (step-up)", async () => {
    quietly();
    const { user, authenticator } = await signUpAccount();
    const session = await openSession(user.id);
    const creation = (await callRoute(addOptions, { cookie: session.cookie })).body as PublicKeyCredentialCreationOptionsJSON;
    const added = await callRoute(addVerify, { cookie: session.cookie, body: { response: await createSoftwareAuthenticator().createCredential(creation, { origin: outside }) } });
    expectRefusal(added, 400, "verification_failed");
    expect(await prisma.passkey.count({ where: { userId: user.id } })).toBe(1);

    const longAgo = new Date(Date.now() - 60 * 60 * 1000);
    await prisma.session.update({ where: { id: session.id }, data: { verifiedAt: longAgo } });
    const request = (await callRoute(stepUpOptions, { cookie: session.cookie })).body as PublicKeyCredentialRequestOptionsJSON;
    const confirmed = await callRoute(stepUpVerify, { cookie: session.cookie, body: { response: await authenticator.getAssertion(request, { origin: outside }) } });
    expectRefusal(confirmed, 401, "verification_failed");
    expect((await prisma.session.findUniqueOrThrow({ where: { id: session.id } })).verifiedAt).toEqual(longAgo);
  });
});

describe("the Origin header of a request", () => {
  it("may be the related origin, where the portal may be served too", async () => {
    const result = await callRoute(signInOptions, { body: {}, headers: FROM_RELATED });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
  });

  it.each(OUTSIDE)("is refused when it is %s", async (outside) => {
    expectRefusal(await callRoute(signInOptions, { body: {}, headers: { origin: outside } }), 403, "forbidden_origin");
  });
});
