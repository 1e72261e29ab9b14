// /.well-known/webauthn (WebAuthn §5.11 related origins) and /.well-known/passkey-endpoints
// (W3C Passkey Endpoints): their handlers, and what proxy.ts does on the way to them.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as passkeyEndpoints } from "@/app/.well-known/passkey-endpoints/route";
import { GET as webauthn } from "@/app/.well-known/webauthn/route";
import { config as proxyConfig, proxy } from "@/proxy";
import { markDatabaseAvailable, markDatabaseUnavailable } from "../platform/database-availability";
import { ORIGIN, RELATED_ORIGIN } from "../../testing/route-harness";
import { proxyMatches } from "../../testing/proxy-matcher";
import { passkeyEndpointsDocument, relatedOriginsDocument } from "./well-known";

const DOCUMENTS = ["/.well-known/webauthn", "/.well-known/passkey-endpoints"] as const;

async function read(response: Response): Promise<{ status: number; body: unknown; headers: Headers }> {
  return { status: response.status, body: await response.json(), headers: response.headers };
}

function expectPublicJson(headers: Headers): void {
  // Both specs: the application/json content type (browsers refuse a related-origins file without it).
  expect(headers.get("content-type")).toBe("application/json");
  expect(headers.get("access-control-allow-origin")).toBe("*");
  expect(headers.get("cache-control")).toBe("public, max-age=3600");
  expect(headers.getSetCookie()).toEqual([]);
}

describe("GET /.well-known/webauthn", () => {
  it("lists RELATED_ORIGINS, and not ORIGINS, which the RP ID already covers", async () => {
    const { status, body, headers } = await read(webauthn());
    expect(status).toBe(200);
    expect(body).toEqual({ origins: [RELATED_ORIGIN] });
    expect(body).not.toEqual({ origins: expect.arrayContaining([ORIGIN]) });
    expectPublicJson(headers);
  });

  it("keeps the configured order, which decides which five site names browsers honour", () => {
    const relatedOrigins = ["https://example.de", "https://example.co.uk", "https://exampledelivery.com"];
    expect(relatedOriginsDocument({ relatedOrigins })).toEqual({ origins: relatedOrigins });
  });

  it("has no document without RELATED_ORIGINS: the spec wants one origin or more, so the route answers 404", () => {
    expect(relatedOriginsDocument({ relatedOrigins: [] })).toBeNull();
  });
});

describe("GET /.well-known/passkey-endpoints", () => {
  it("links password managers to the passkeys page, by absolute URL on the canonical origin", async () => {
    const { status, body, headers } = await read(passkeyEndpoints());
    expect(status).toBe(200);
    expect(body).toEqual({ enroll: `${ORIGIN}/account/passkeys`, manage: `${ORIGIN}/account/passkeys` });
    expectPublicJson(headers);
  });

  it("follows the canonical origin, whichever site the request came to", () => {
    expect(passkeyEndpointsDocument({ origin: "https://accounts.example.com" })).toEqual({
      enroll: "https://accounts.example.com/account/passkeys",
      manage: "https://accounts.example.com/account/passkeys",
    });
  });
});

describe("proxy.ts on the way to the documents", () => {
  it("runs for both paths", () => {
    expect(proxyMatches(proxyConfig.matcher, DOCUMENTS.map((path) => ({ path })))).toEqual([true, true]);
  });

  it.each(DOCUMENTS)("gives %s the API headers (a CSP that allows nothing), no nonce and no cookie", (path) => {
    const response = proxy(new NextRequest(`${ORIGIN}${path}`, { headers: { "x-forwarded-proto": "https" } }));
    expect(response.headers.get("x-middleware-next")).toBe("1");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("strict-transport-security")).toContain("max-age=");
    expect(response.headers.get("x-middleware-override-headers")).toBeNull();
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it.each(DOCUMENTS)("lets %s through during a known database outage: it needs none", (path) => {
    markDatabaseUnavailable();
    try {
      expect(proxy(new NextRequest(`${ORIGIN}${path}`)).headers.get("x-middleware-next")).toBe("1");
      // The check above is not vacuous: an API path that needs the database is answered by the proxy.
      expect(proxy(new NextRequest(`${ORIGIN}/api/account`)).status).toBe(503);
    } finally {
      markDatabaseAvailable();
    }
  });

  it("still treats any other /.well-known/ path as a page (Next's not-found page needs its nonce)", () => {
    const response = proxy(new NextRequest(`${ORIGIN}/.well-known/change-password`));
    expect(response.headers.get("content-security-policy")).toMatch(/'nonce-/);
  });
});
