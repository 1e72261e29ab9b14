import { describe, expect, it, vi } from "vitest";
import { POST as chooseLocale } from "@/app/api/locale/route";
import { prisma } from "@/lib/server/platform/db";
import { setCookie } from "@/lib/testing/cookies";
import { createUser, openSession } from "@/lib/testing/factories";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, type RouteResponse } from "@/lib/testing/route-harness";

function choose(body: unknown, options: { cookie?: string | null; headers?: Record<string, string | null> } = {}): Promise<RouteResponse> {
  return callRoute(chooseLocale, { path: "/api/locale", body, ...options });
}

async function storedLocale(userId: string): Promise<string> {
  return (await prisma.user.findUniqueOrThrow({ where: { id: userId } })).locale;
}

describe("POST /api/locale", () => {
  it("remembers a signed-out browser's choice in a year-long, site-wide, Lax cookie", async () => {
    const result = await choose({ locale: "de" }, { cookie: null });

    expect(result).toMatchObject({ status: 200, body: { locale: "de" } });
    const cookie = setCookie(result.headers, "portal-locale");
    expect(cookie?.value).toBe("de");
    expect(cookie?.attributes).toMatch(/Path=\/(;|$)/);
    expect(cookie?.attributes).toMatch(new RegExp(`Max-Age=${365 * 24 * 60 * 60}(;|$)`));
    expect(cookie?.attributes).toMatch(/SameSite=lax/i);
    // The test portal is served over http: a Secure cookie would never come back.
    expect(cookie?.attributes).not.toMatch(/Secure/i);
  });

  it("makes the choice the signed-in account's email language, and only that account's", async () => {
    const user = await createUser();
    const other = await createUser({ locale: "de" });
    const session = await openSession(user.id);

    expect((await choose({ locale: "de" }, { cookie: session.cookie })).status).toBe(200);
    expect(await storedLocale(user.id)).toBe("de");
    expect((await choose({ locale: "en" }, { cookie: session.cookie })).status).toBe(200);
    expect(await storedLocale(user.id)).toBe("en");
    expect(await storedLocale(other.id)).toBe("de");
  });

  it("with a stolen session changes nothing but the language of that account's mail", async () => {
    const victim = await createUser();
    const stolen = await openSession(victim.id);
    const before = await prisma.user.findUniqueOrThrow({ where: { id: victim.id } });

    expect((await choose({ locale: "de", email: "thief@example.com", deviceBoundOnly: false }, { cookie: stolen.cookie })).status).toBe(200);

    const after = await prisma.user.findUniqueOrThrow({ where: { id: victim.id } });
    expect(after).toEqual({ ...before, locale: "de", updatedAt: after.updatedAt });
    expect(await prisma.securityEvent.count({ where: { userId: victim.id } })).toBe(0);
    expect(await prisma.outboxEmail.count({ where: { userId: victim.id } })).toBe(0);
  });

  it("ignores a revoked session's cookie: the browser's cookie changes, no account does", async () => {
    const user = await createUser();
    const session = await openSession(user.id);
    await prisma.session.update({ where: { id: session.id }, data: { revokedAt: new Date() } });

    const result = await choose({ locale: "de" }, { cookie: session.cookie });

    expect(result.status).toBe(200);
    expect(setCookie(result.headers, "portal-locale")?.value).toBe("de");
    expect(await storedLocale(user.id)).toBe("en");
  });

  it.each([[{ locale: "fr" }], [{ locale: "DE" }], [{ locale: ["de"] }], [{}], [null], ["de"]])("refuses %j with 400 and sets no cookie", async (body) => {
    const user = await createUser();
    const session = await openSession(user.id);
    const result = await choose(body, { cookie: session.cookie });

    expect(expectRefusal(result, 400, "invalid_request")).toBe("Choose a language the portal offers: English or German.");
    expect(setCookie(result.headers, "portal-locale")).toBeUndefined();
    expect(await storedLocale(user.id)).toBe("en");
  });

  it("refuses a cross-site request", async () => {
    const user = await createUser();
    const session = await openSession(user.id);

    const result = await choose({ locale: "de" }, { cookie: session.cookie, headers: { origin: "https://evil.example" } });

    expectRefusal(result, 403, "forbidden_origin");
    expect(setCookie(result.headers, "portal-locale")).toBeUndefined();
    expect(await storedLocale(user.id)).toBe("en");
  });

  it("sets a Secure cookie when the portal is served over https", async () => {
    vi.stubEnv("ORIGINS", "https://accounts.example.com");
    vi.stubEnv("RP_ID", "accounts.example.com");
    vi.resetModules();
    try {
      const { POST } = await import("@/app/api/locale/route");
      const result = await callRoute(POST, { body: { locale: "de" }, cookie: null, headers: { origin: "https://accounts.example.com" } });
      expect(result.status).toBe(200);
      expect(setCookie(result.headers, "portal-locale")?.attributes).toMatch(/; Secure(;|$)/i);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});
