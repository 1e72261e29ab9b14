import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config as proxyConfig, proxy } from "@/proxy";
import {
  DATABASE_RETRY_AFTER_SECONDS,
  DATABASE_UNAVAILABLE_CODE,
  DATABASE_UNAVAILABLE_MESSAGE,
  markDatabaseAvailable,
  markDatabaseUnavailable,
} from "../platform/database-availability";
import { originsFromEnv } from "./origins";
import { proxyMatches } from "../../testing/proxy-matcher";
import { RELATED_ORIGIN } from "../../testing/route-harness";
import {
  contentSecurityPolicy,
  createNonce,
  hasDecodablePath,
  isAllowedRequestOrigin,
  isServedOverHttps,
  securityHeaders,
  type HeaderOptions,
} from "./security-headers";

const PRODUCTION: HeaderOptions = { nonce: "bm9uY2Utb25l", https: false, development: false };

function directive(csp: string, name: string): string | undefined {
  return csp
    .split(";")
    .map((part) => part.trim())
    .find((part) => part === name || part.startsWith(`${name} `));
}

describe("contentSecurityPolicy", () => {
  it("allows scripts only by nonce, never inline or eval in production", () => {
    const scriptSrc = directive(contentSecurityPolicy(PRODUCTION), "script-src");
    expect(scriptSrc).toBe("script-src 'self' 'nonce-bm9uY2Utb25l' 'strict-dynamic'");
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(scriptSrc).not.toContain("unsafe-eval");
  });

  it("adds unsafe-eval, and still no unsafe-inline, for next dev", () => {
    const scriptSrc = directive(contentSecurityPolicy({ ...PRODUCTION, development: true }), "script-src");
    expect(scriptSrc).toContain("'unsafe-eval'");
    expect(scriptSrc).toContain("'nonce-bm9uY2Utb25l'");
    expect(scriptSrc).not.toContain("unsafe-inline");
  });

  it("locks down plugins, base URLs, forms and framing", () => {
    const csp = contentSecurityPolicy(PRODUCTION);
    expect(directive(csp, "default-src")).toBe("default-src 'self'");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
    expect(directive(csp, "base-uri")).toBe("base-uri 'none'");
    expect(directive(csp, "form-action")).toBe("form-action 'self'");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(csp, "connect-src")).toBe("connect-src 'self'");
  });

  it("upgrades insecure requests only over https", () => {
    expect(directive(contentSecurityPolicy(PRODUCTION), "upgrade-insecure-requests")).toBeUndefined();
    expect(directive(contentSecurityPolicy({ ...PRODUCTION, https: true }), "upgrade-insecure-requests")).toBeDefined();
  });
});

describe("createNonce", () => {
  it("returns 128 random bits in base64, different on every call", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    }
  });

  it("gives each response's CSP its own nonce", () => {
    const first = securityHeaders({ ...PRODUCTION, nonce: createNonce() })["Content-Security-Policy"];
    const second = securityHeaders({ ...PRODUCTION, nonce: createNonce() })["Content-Security-Policy"];
    expect(first).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(first).not.toBe(second);
  });
});

describe("securityHeaders", () => {
  it("sends the fixed hardening headers", () => {
    const headers = securityHeaders(PRODUCTION);
    expect(headers).toMatchObject({
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Cross-Origin-Opener-Policy": "same-origin",
    });
  });

  it("allows WebAuthn to this origin only and denies other powerful features", () => {
    const policy = securityHeaders(PRODUCTION)["Permissions-Policy"].split(", ");
    expect(policy).toContain("publickey-credentials-get=(self)");
    expect(policy).toContain("publickey-credentials-create=(self)");
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) {
      expect(policy).toContain(`${feature}=()`);
    }
  });

  it("sends HSTS over https only", () => {
    expect(securityHeaders(PRODUCTION)).not.toHaveProperty("Strict-Transport-Security");
    expect(securityHeaders({ ...PRODUCTION, https: true })["Strict-Transport-Security"]).toBe(
      "max-age=63072000; includeSubDomains",
    );
  });
});

describe("isServedOverHttps", () => {
  it("is true for an https canonical origin, whatever the proxy reports", () => {
    expect(isServedOverHttps("https://accounts.example.com", null)).toBe(true);
    expect(isServedOverHttps("https://accounts.example.com", "http")).toBe(true);
  });

  it("trusts x-forwarded-proto's first hop for a plain-http origin", () => {
    expect(isServedOverHttps("http://localhost:3000", null)).toBe(false);
    expect(isServedOverHttps("http://localhost:3000", "http")).toBe(false);
    expect(isServedOverHttps("http://localhost:3000", "https")).toBe(true);
    expect(isServedOverHttps("http://localhost:3000", "HTTPS, http")).toBe(true);
    expect(isServedOverHttps("http://localhost:3000", "http, https")).toBe(false);
  });
});

describe("isAllowedRequestOrigin", () => {
  const origins = ["https://accounts.example.com", "https://www.example.com"];

  function allowed(method: string, headers: Record<string, string>): boolean {
    return isAllowedRequestOrigin(method, new Headers(headers), origins);
  }

  it("accepts state-changing requests from every configured origin", () => {
    expect(allowed("POST", { origin: "https://accounts.example.com" })).toBe(true);
    expect(allowed("DELETE", { origin: "https://www.example.com", "sec-fetch-site": "same-site" })).toBe(true);
  });

  it("refuses them from any other origin, look-alikes and opaque origins included", () => {
    for (const origin of ["https://evil.example", "http://accounts.example.com", "https://accounts.example.com.evil.example", "null"]) {
      expect(allowed("POST", { origin })).toBe(false);
      expect(allowed("PATCH", { origin })).toBe(false);
    }
  });

  it("never refuses reads, which must not change state", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) {
      expect(allowed(method, { origin: "https://evil.example", "sec-fetch-site": "cross-site" })).toBe(true);
    }
  });

  it("falls back to Sec-Fetch-Site when Origin is missing", () => {
    expect(allowed("POST", { "sec-fetch-site": "cross-site" })).toBe(false);
    expect(allowed("POST", { "sec-fetch-site": "same-site" })).toBe(false);
    expect(allowed("POST", { "sec-fetch-site": "same-origin" })).toBe(true);
    expect(allowed("POST", { "sec-fetch-site": "none" })).toBe(true);
    // Neither header: not a browser acting for another site.
    expect(allowed("POST", {})).toBe(true);
  });

  it("works with the origins parsed from ORIGINS, or localhost on PORT by default", () => {
    const configured = originsFromEnv({ ORIGINS: "https://accounts.example.com/, https://www.example.com" });
    expect(isAllowedRequestOrigin("POST", new Headers({ origin: "https://www.example.com" }), configured)).toBe(true);

    const local = originsFromEnv({ PORT: "3200" });
    expect(local).toEqual(["http://localhost:3200"]);
    expect(isAllowedRequestOrigin("POST", new Headers({ origin: "http://localhost:3200" }), local)).toBe(true);
    expect(isAllowedRequestOrigin("POST", new Headers({ origin: "http://localhost:3000" }), local)).toBe(false);
    expect(originsFromEnv({ ORIGINS: "", PORT: "" })).toEqual(["http://localhost:3000"]);
  });

  it("accepts RELATED_ORIGINS after ORIGINS, whose first stays canonical", () => {
    const configured = originsFromEnv({ ORIGINS: "https://accounts.example.com", RELATED_ORIGINS: "https://example.de, https://example.co.uk/" });
    expect(configured).toEqual(["https://accounts.example.com", "https://example.de", "https://example.co.uk"]);
    expect(isAllowedRequestOrigin("POST", new Headers({ origin: "https://example.co.uk" }), configured)).toBe(true);
    expect(isAllowedRequestOrigin("POST", new Headers({ origin: "https://www.example.de" }), configured)).toBe(false);
  });
});

describe("hasDecodablePath", () => {
  it.each(["/api/account/passkeys/0b7e1c9a-2f4d-4f8e-9d2a-0c1b2a3d4e5f", "/api/account/passkeys/%20", "/api/account/sessions/caf%C3%A9", "/"])("accepts %s", (path) => {
    expect(hasDecodablePath(path)).toBe(true);
  });

  it.each(["/api/account/passkeys/%ZZ", "/api/account/sessions/%", "/api/auth/%E0%A4%A", "/api/account/passkeys/%C0%AF", "/api/%ZZ/x"])("refuses %s", (path) => {
    expect(hasDecodablePath(path)).toBe(false);
  });
});

// Next matches /api/account/passkeys/%ZZ to app/api/account/passkeys/[id], fails to decode the parameter after
// the proxy has run, and answers a plain-text 500 without calling any handler. The proxy sees
// the request first (checked against a production server: see the README), so it answers.
describe("proxy", () => {
  const origin = "http://localhost:3000";

  it.each([
    ["DELETE", "/api/account/passkeys/%ZZ"],
    ["PATCH", "/api/account/passkeys/%"],
    ["DELETE", "/api/account/sessions/%E0%A4%A"],
    ["GET", "/api/auth/%ZZ"],
    ["POST", "/api/auth/callback/%ZZ"],
  ])("answers %s %s with a JSON 400 and the security headers", async (method, path) => {
    const response = proxy(new NextRequest(`${origin}${path}`, { method, headers: { origin } }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "This address is malformed. Check the link and try again.", code: "malformed_path" });
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("lets a well-formed API path through", () => {
    const response = proxy(new NextRequest(`${origin}/api/account/passkeys/abc`, { method: "DELETE", headers: { origin } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });

  it("gives an API answer the security headers with a CSP that allows nothing, and passes the request on untouched", () => {
    const response = proxy(new NextRequest(`${origin}/api/health`, { method: "GET" }));
    expect(response.headers.get("x-middleware-next")).toBe("1");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    // No rewritten request headers: JSON renders no scripts, so it needs no nonce.
    expect(response.headers.get("x-middleware-override-headers")).toBeNull();
  });

  it("lets a state-changing request from RELATED_ORIGINS through, where the portal may be served too", () => {
    for (const path of ["/api/account/passkeys/abc", "/account"]) {
      expect(proxy(new NextRequest(`${origin}${path}`, { method: "POST", headers: { origin: RELATED_ORIGIN } })).headers.get("x-middleware-next"), path).toBe("1");
    }
  });

  it("still refuses a cross-site state-changing API request, and gives a page a fresh nonce", () => {
    const foreign = proxy(new NextRequest(`${origin}/api/account/passkeys/abc`, { method: "DELETE", headers: { origin: "https://evil.example" } }));
    expect(foreign.status).toBe(403);
    const page = proxy(new NextRequest(`${origin}/signin`, { method: "GET" }));
    expect(page.headers.get("content-security-policy")).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(page.headers.get("x-middleware-override-headers")).toContain("content-security-policy");
  });

  it("runs for every other API request, whatever its headers (prefetch headers skip it on pages)", () => {
    const apiPaths = ["/api/account/passkeys/abc", "/api/auth/session", "/api/account", "/api/health/x", "/api/health/ready/x", "/api/session/sign-in/options/x", "/api/session/step-up/options", "/api/account/sign-up/x", "/api/%ZZ"];
    const prefetch = { "next-router-prefetch": "1" };
    const cases = [
      ...apiPaths.flatMap((path) => [{ path }, { path, headers: prefetch }]),
      { path: "/signin" },
      { path: "/account", headers: prefetch },
      { path: "/_next/static/chunks/app.js" },
    ];
    expect(proxyMatches(proxyConfig.matcher, cases)).toEqual([...apiPaths.flatMap(() => [true, true]), true, false, false]);
  });

  it("skips only the sign-in ceremony routes and the health checks, whose handlers do its work", () => {
    const answers = proxyMatches(proxyConfig.matcher, HOT_ROUTES.map((path) => ({ path })));
    expect(answers).toEqual(HOT_ROUTES.map(() => false));
  });
});

// The fixed paths proxy.ts's matcher leaves out, with their handlers.
const HOT_ROUTES = [
  "/api/health",
  "/api/health/ready",
  "/api/session/sign-in/options",
  "/api/session/sign-in/verify",
  "/api/account/sign-up/options",
  "/api/account/sign-up/verify",
] as const;

describe("the proxy's own answers", () => {
  const origin = originsFromEnv()[0];
  const german = { "accept-language": "de-DE,de;q=0.9" };

  it("refuse in the request's language: German for a German browser or cookie, English otherwise", async () => {
    const crossSite = (headers: Record<string, string>) => proxy(new NextRequest(`${origin}/api/account/profile`, { method: "PUT", headers: { origin: "https://evil.example", ...headers } }));
    expect(await crossSite(german).json()).toEqual({ error: "Diese Anfrage kam nicht von dieser Website.", code: "forbidden_origin" });
    expect(await crossSite({}).json()).toEqual({ error: "This request did not come from this site.", code: "forbidden_origin" });
    expect(await crossSite({ ...german, cookie: "portal-locale=en" }).json()).toEqual({ error: "This request did not come from this site.", code: "forbidden_origin" });
    const malformed = proxy(new NextRequest(`${origin}/api/account/passkeys/%ZZ`, { headers: { cookie: "portal-locale=de" } }));
    expect(await malformed.json()).toMatchObject({ code: "malformed_path", error: expect.stringMatching(/^Diese Adresse ist fehlerhaft\./) });
  });

  it("serve the outage page and the outage answer in the request's language", async () => {
    markDatabaseUnavailable();
    try {
      const page = await proxy(new NextRequest(`${origin}/account`, { headers: german })).text();
      expect(page).toContain('<html lang="de">');
      expect(page).toContain("<h1>Wir sind gleich wieder da</h1>");
      expect(await proxy(new NextRequest(`${origin}/account`)).text()).toContain("<h1>We'll be right back</h1>");
      const api = proxy(new NextRequest(`${origin}/api/account/profile`, { headers: { origin, ...german } }));
      expect(api.status).toBe(503);
      expect(await api.json()).toEqual({ error: expect.stringMatching(/^Wir erreichen unsere Datenbank gerade nicht\./), code: DATABASE_UNAVAILABLE_CODE });
    } finally {
      markDatabaseAvailable();
    }
  });
});

describe("the routes that skip the proxy", () => {
  const origin = originsFromEnv()[0];
  const ceremonyRoutes = HOT_ROUTES.filter((path) => /\/(options|verify)$/.test(path));

  async function handlerOf(path: string): Promise<(request: Request) => Promise<Response> | Response> {
    const routes = {
      "/api/health": () => import("@/app/api/health/route"),
      "/api/health/ready": () => import("@/app/api/health/ready/route"),
      "/api/session/sign-in/options": () => import("@/app/api/session/sign-in/options/route"),
      "/api/session/sign-in/verify": () => import("@/app/api/session/sign-in/verify/route"),
      "/api/account/sign-up/options": () => import("@/app/api/account/sign-up/options/route"),
      "/api/account/sign-up/verify": () => import("@/app/api/account/sign-up/verify/route"),
    } as Record<string, () => Promise<Record<string, unknown>>>;
    const route = await routes[path]();
    return (route.POST ?? route.GET) as (request: Request) => Promise<Response>;
  }

  it.each(ceremonyRoutes)("%s refuses a cross-site request as the proxy would, with the same headers", async (path) => {
    for (const headers of [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }] as Record<string, string>[]) {
      const request = new Request(`${origin}${path}`, { method: "POST", headers, body: "{}" });
      const proxyAnswer = proxy(new NextRequest(request.url, { method: "POST", headers }));
      const routeAnswer = await (await handlerOf(path))(request);
      expect(routeAnswer.status).toBe(403);
      expect(proxyAnswer.status).toBe(403);
      expect(await routeAnswer.json()).toMatchObject({ code: "forbidden_origin" });
      for (const name of ["content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy", "permissions-policy"]) {
        expect(routeAnswer.headers.get(name), name).toBe(proxyAnswer.headers.get(name));
      }
    }
  });

  it.each(ceremonyRoutes)("%s answers 503 with Retry-After during a known database outage, as the proxy would", async (path) => {
    markDatabaseUnavailable();
    try {
      const request = new Request(`${origin}${path}`, { method: "POST", headers: { origin }, body: "{}" });
      const response = await (await handlerOf(path))(request);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
      expect(await response.json()).toEqual({ error: DATABASE_UNAVAILABLE_MESSAGE, code: DATABASE_UNAVAILABLE_CODE });
    } finally {
      markDatabaseAvailable();
    }
  });

  it.each(HOT_ROUTES)("%s answers with the API security headers, HSTS behind an https proxy", async (path) => {
    const headers = { origin, "x-forwarded-proto": "https", "content-type": "application/json" };
    const request = new Request(`${origin}${path}`, path.startsWith("/api/health") ? { headers } : { method: "POST", headers, body: "not json" });
    const response = await (await handlerOf(path))(request);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("strict-transport-security")).toContain("max-age=");
  });
});
