// GET /metrics: who may read it, what it counts, and what it says while the database is down.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/metrics/route";
import { DELETE as deleteSession } from "@/app/api/account/sessions/[id]/route";
import { POST as recoverySignIn } from "@/app/api/recovery/sign-in/route";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signInVerify } from "@/app/api/session/sign-in/verify/route";
import { POST as signUpOptions } from "@/app/api/account/sign-up/options/route";
import { POST as signUpVerify } from "@/app/api/account/sign-up/verify/route";
import { proxy } from "@/proxy";
import { markDatabaseAvailable, markDatabaseUnavailable } from "@/lib/server/platform/database-availability";
import { prisma } from "@/lib/server/platform/db";
import { metricsResponse } from "@/lib/server/platform/metrics-endpoint";
import { requestSignInOptions } from "@/lib/testing/ceremonies";
import { signUpAccount } from "@/lib/testing/factories";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, ORIGIN } from "@/lib/testing/route-harness";
import { uniqueEmail } from "@/lib/testing/unique-email";

const TOKEN = "metrics-token-for-tests-0123456789abcdef";

function scrape(token: string | null = TOKEN, configured: string | undefined = TOKEN): Promise<Response> {
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  return metricsResponse(new Request(`${ORIGIN}/metrics`, { headers }), configured);
}

async function scrapeText(): Promise<string> {
  const response = await scrape();
  expect(response.status).toBe(200);
  return response.text();
}

/** A sample's value from the exposition text: the series with exactly these labels (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]));
    const wanted = Object.entries(labels);
    if (wanted.length === Object.keys(found).length && wanted.every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

const count = (text: string, name: string, labels: Record<string, string> = {}): number => sample(text, name, labels) ?? 0;

describe("who may read /metrics", () => {
  it("does not exist without METRICS_TOKEN (the tests configure none)", async () => {
    const response = await metricsRoute(new Request(`${ORIGIN}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("portal_");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it.each([
    ["no token", null],
    ["a wrong token", "metrics-token-for-tests-0123456789abcdeX"],
    ["the token with a prefix", `x${TOKEN}`],
    ["a prefix of the token", TOKEN.slice(0, -1)],
  ])("asks for the bearer token, with 401, when given %s", async (_label, token) => {
    const response = await scrape(token);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).not.toContain("portal_");
  });

  it("refuses a token sent any other way than as a bearer token", async () => {
    const response = await metricsResponse(new Request(`${ORIGIN}/metrics?token=${TOKEN}`, { headers: { authorization: `Basic ${TOKEN}` } }), TOKEN);
    expect(response.status).toBe(401);
  });

  it("serves the Prometheus text format, never cached, to the holder of the token", async () => {
    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    for (const name of [
      "portal_http_requests_total",
      "portal_http_request_duration_seconds",
      "portal_ceremony_requests_total",
      "portal_ceremony_duration_seconds",
      "portal_rate_limit_refusals_total",
      "portal_outbox_messages",
      "portal_outbox_oldest_queued_age_seconds",
      "process_cpu_seconds_total",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it("gets the API security headers from its route, and from the proxy, even during a database outage", async () => {
    const routed = await metricsRoute(new Request(`${ORIGIN}/metrics`));
    expect(routed.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    markDatabaseUnavailable();
    try {
      const proxied = proxy(new NextRequest(`${ORIGIN}/metrics`));
      expect(proxied.headers.get("x-middleware-next")).toBe("1");
      expect(proxied.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    } finally {
      markDatabaseAvailable();
    }
  });
});

describe("what /metrics counts", () => {
  it("counts a passkey sign-in's options and verify steps, by outcome, with their latency", async () => {
    const account = await signUpAccount({ routes: { options: signUpOptions, verify: signUpVerify } });
    const before = await scrapeText();

    const options = await requestSignInOptions(signInOptions);
    const assertion = await account.authenticator.getAssertion(options, { origin: ORIGIN, credentialId: account.passkey.credentialId });
    expect((await callRoute(signInVerify, { path: "/api/session/sign-in/verify", body: { response: assertion } })).status).toBe(200);
    // The same assertion again: its challenge is spent.
    const replay = await callRoute(signInVerify, { path: "/api/session/sign-in/verify", body: { response: assertion } });
    expect(replay.status).toBe(400);
    const after = await scrapeText();

    const delta = (name: string, labels: Record<string, string>) => count(after, name, labels) - count(before, name, labels);
    expect(delta("portal_ceremony_requests_total", { ceremony: "sign-in", step: "options", outcome: "success" })).toBe(1);
    expect(delta("portal_ceremony_requests_total", { ceremony: "sign-in", step: "verify", outcome: "success" })).toBe(1);
    expect(delta("portal_ceremony_requests_total", { ceremony: "sign-in", step: "verify", outcome: (replay.body as { code: string }).code })).toBe(1);
    expect(delta("portal_ceremony_duration_seconds_count", { ceremony: "sign-in", step: "verify" })).toBe(2);
    expect(delta("portal_http_requests_total", { route: "/api/session/sign-in/verify", method: "POST", status: "200" })).toBe(1);
    expect(delta("portal_http_requests_total", { route: "/api/session/sign-in/verify", method: "POST", status: "400" })).toBe(1);
    // Sign-up went through its routes before `before`: counted too.
    expect(count(after, "portal_ceremony_requests_total", { ceremony: "sign-up", step: "verify", outcome: "success" })).toBeGreaterThanOrEqual(1);
  });

  it("labels routes with their pattern, never with an ID or whatever else is in the path", async () => {
    const before = await scrapeText();
    await callRoute(deleteSession, { method: "DELETE", path: "/api/account/sessions/attacker-chosen-0123", params: { id: "attacker-chosen-0123" } });
    const after = await scrapeText();
    expect(after).not.toContain("attacker-chosen");
    expect(count(after, "portal_http_requests_total", { route: "/api/account/sessions/[id]", method: "DELETE", status: "401" })).toBe(
      count(before, "portal_http_requests_total", { route: "/api/account/sessions/[id]", method: "DELETE", status: "401" }) + 1,
    );
  });

  it("counts rate-limit refusals by limit, whether the route or the ceremony's own statement counted it", async () => {
    const email = uniqueEmail("metrics-limits");
    const before = await scrapeText();
    // recovery:account allows 5 guesses per address per quarter hour (counted by the route wrapper).
    for (let i = 0; i < 5; i += 1) await callRoute(recoverySignIn, { path: "/api/recovery/sign-in", body: { email, code: "WRONG-CODE-0000" } });
    expectRefusal(await callRoute(recoverySignIn, { path: "/api/recovery/sign-in", body: { email, code: "WRONG-CODE-0000" } }), 429, "rate_limited");
    // sign-up:email allows 5 option requests per address per 10 minutes (counted in the challenge's statement).
    for (let i = 0; i < 5; i += 1) await callRoute(signUpOptions, { path: "/api/account/sign-up/options", body: { email, name: "Limit Tester" } });
    expectRefusal(await callRoute(signUpOptions, { path: "/api/account/sign-up/options", body: { email, name: "Limit Tester" } }), 429, "rate_limited");
    const after = await scrapeText();

    for (const limit of ["recovery:account", "sign-up:email"]) {
      expect(count(after, "portal_rate_limit_refusals_total", { limit }) - count(before, "portal_rate_limit_refusals_total", { limit })).toBe(1);
    }
    const refusedCode = { ceremony: "recovery-code", step: "verify", outcome: "rate_limited" };
    expect(count(after, "portal_ceremony_requests_total", refusedCode) - count(before, "portal_ceremony_requests_total", refusedCode)).toBe(1);
  });
});

describe("the outbox figures", () => {
  async function queueMail(options: { createdSecondsAgo: number; failed?: boolean; sent?: boolean }): Promise<void> {
    const createdAt = new Date(Date.now() - options.createdSecondsAgo * 1000);
    await prisma.outboxEmail.create({
      data: {
        kind: "test",
        toAddress: "outbox-metrics@example.com",
        subject: "s",
        text: "t",
        html: "h",
        createdAt,
        failedAt: options.failed ? new Date() : null,
        sentAt: options.sent ? new Date() : null,
      },
    });
  }

  it("match the queued and failed rows, and the oldest queued message's age", async () => {
    await prisma.outboxEmail.deleteMany({});
    await queueMail({ createdSecondsAgo: 3600 });
    await queueMail({ createdSecondsAgo: 5 });
    // Neither counts toward the oldest queued age: one gave up, one was sent.
    await queueMail({ createdSecondsAgo: 86_400, failed: true });
    await queueMail({ createdSecondsAgo: 90_000, sent: true });

    const text = await scrapeText();

    expect(sample(text, "portal_outbox_messages", { state: "queued" })).toBe(2);
    expect(sample(text, "portal_outbox_messages", { state: "failed" })).toBe(1);
    const age = sample(text, "portal_outbox_oldest_queued_age_seconds");
    expect(age).toBeGreaterThanOrEqual(3600);
    expect(age).toBeLessThan(3700);
  });

  it("say 0 when nothing waits", async () => {
    await prisma.outboxEmail.deleteMany({});
    const text = await scrapeText();
    expect(sample(text, "portal_outbox_messages", { state: "queued" })).toBe(0);
    expect(sample(text, "portal_outbox_oldest_queued_age_seconds")).toBe(0);
  });

  it("are left out (unknown) during a database outage, while everything else is still served", async () => {
    markDatabaseUnavailable();
    try {
      const text = await scrapeText();
      expect(text).not.toContain("portal_outbox_messages");
      expect(text).not.toContain("portal_outbox_oldest_queued_age_seconds");
      expect(text).toContain("# TYPE portal_http_requests_total counter");
    } finally {
      markDatabaseAvailable();
    }
  });
});
