import { NextResponse } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { GET as nextAuthGet, POST as nextAuthPost } from "@/app/api/auth/[...nextauth]/route";
import { POST as stepUpOptions } from "@/app/api/session/step-up/options/route";
import { cookieFromHeader } from "@/lib/server/http/cookies";
import { openSession, signUpAccount } from "@/lib/testing/factories";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute } from "@/lib/testing/route-harness";

describe("reading a cookie", () => {
  it("treats a malformed or oversized value as absent, never as an error", () => {
    for (const raw of ["%ZZ", "%", "%E0%A4%A", "a".repeat(5000)]) {
      expect(cookieFromHeader(`portal.session=${raw}`, "portal.session")).toBeUndefined();
    }
    expect(cookieFromHeader("portal.session=a%20b", "portal.session")).toBe("a b");
  });

  it("takes the first of two cookies with the same name, and ignores names that only end the same", () => {
    expect(cookieFromHeader("x.portal.session=no; portal.session=first; portal.session=second", "portal.session")).toBe("first");
    expect(cookieFromHeader(null, "portal.session")).toBeUndefined();
  });
});

describe("a signed-in route given a broken session cookie", () => {
  it.each([["%ZZ"], ["%"], ["%E0%A4%A"], ["an oversized value", "x".repeat(5000)], ["not-a-jwt"]])("answers %s with 401 signed_out, not 500", async (label, value = label) => {
    const raw = value;
    expectRefusal(await callRoute(stepUpOptions, { cookie: `portal.session=${raw}` }), 401, "signed_out");
  });

  it("reads the first of two session cookies, as pages do", async () => {
    const { user } = await signUpAccount();
    const session = await openSession(user.id);
    const [, token] = session.cookie.split("=");
    expect((await callRoute(stepUpOptions, { cookie: `portal.session=${token}; portal.session=%ZZ` })).status).toBe(200);
    expectRefusal(await callRoute(stepUpOptions, { cookie: `portal.session=%ZZ; portal.session=${token}` }), 401, "signed_out");
  });
});

describe("the session cookie over https", () => {
  it("is __Host- prefixed, Secure, HttpOnly, SameSite=Lax, for the whole host and no Domain", async () => {
    vi.stubEnv("ORIGINS", "https://accounts.example.com");
    vi.stubEnv("RP_ID", "accounts.example.com");
    vi.resetModules();
    try {
      const { setSessionCookie } = await import("@/lib/server/sessions/session-cookie");
      const response = await setSessionCookie(NextResponse.json({}), "00000000-0000-4000-8000-000000000000");
      const [line] = response.headers.getSetCookie();
      expect(line).toMatch(/^__Host-portal\.session=[^;]+;/);
      expect(line).toMatch(/; Path=\/(;|$)/);
      expect(line).toMatch(/; Secure(;|$)/i);
      expect(line).toMatch(/; HttpOnly(;|$)/i);
      expect(line).toMatch(/; SameSite=lax(;|$)/i);
      expect(line).not.toMatch(/Domain=/i);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

describe("next-auth's endpoints", () => {
  const context = (...segments: string[]) => ({ params: Promise.resolve({ nextauth: segments }) });

  it("answers what the portal does not use (sign-in callbacks, pages) with a JSON 404, never an error page or a 500", async () => {
    for (const [handler, method, segments, body] of [
      [nextAuthGet, "GET", ["callback", "passkey"], undefined],
      [nextAuthPost, "POST", ["callback", "passkey"], "{broken"],
      [nextAuthGet, "GET", ["signin"], undefined],
      [nextAuthPost, "POST", ["session"], "{broken"],
      [nextAuthGet, "GET", [], undefined],
    ] as const) {
      const request = new Request(`http://localhost:3000/api/auth/${segments.join("/")}`, {
        method,
        headers: { "content-type": "application/json", origin: "http://localhost:3000" },
        body,
      });
      const response = await handler(request, context(...segments));
      expect(response.status, segments.join("/")).toBe(404);
      expect(await response.json()).toMatchObject({ code: "not_found", error: expect.any(String) });
    }
  });

  it("answers a sign-out with a broken JSON body with 400", async () => {
    const request = new Request("http://localhost:3000/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000" },
      body: "{broken",
    });
    const response = await nextAuthPost(request, context("signout"));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "invalid_json" });
  });
});
