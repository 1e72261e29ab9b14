// Two production servers on one PostgreSQL database, as two instances behind a load balancer:
// nothing a person does may depend on which instance answers. Ceremonies, sessions and rate
// limits live in the database, so each instance must see what the other wrote.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createBrowser,
  finishSignIn,
  finishSignUp,
  freshIp,
  loadAccountPage,
  loadPage,
  postJson,
  requestSignInOptions,
  requestSignUpOptions,
  send,
  sessionCookie,
  signIn,
  signUp,
  type HttpBrowser,
} from "@/lib/testing/http-client";
import { createEmptyDatabase } from "@/lib/testing/database";
import { startProductionServer, type ProductionServer } from "@/lib/testing/production-server";
import { LIMITS } from "@/lib/server/security/rate-limit";
import { createSoftwareAuthenticator } from "@/lib/testing/software-authenticator";

const serverUrl = process.env.TEST_POSTGRES_URL;
const ORIGIN = "http://localhost:3000";

let counter = 0;
const email = (label: string): string => `${label}-${++counter}-${randomBytes(3).toString("hex")}@example.com`;

describe.skipIf(!serverUrl)("two instances on one PostgreSQL database (TEST_POSTGRES_URL)", () => {
  let database: Awaited<ReturnType<typeof createEmptyDatabase>> | undefined;
  let a: ProductionServer;
  let b: ProductionServer;
  const browserOn = (server: ProductionServer, ip = freshIp()): HttpBrowser => createBrowser({ origin: ORIGIN, server: server.url, ip });

  beforeAll(async () => {
    database = await createEmptyDatabase(serverUrl ?? "", "instances");
    const shared = { origin: ORIGIN, authSecret: randomBytes(32).toString("base64url"), databaseUrl: database.url };
    // One after the other: with a stale build the first start builds, the second reuses it.
    a = await startProductionServer(shared);
    b = await startProductionServer(shared);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it("finishes on B a sign-up whose options came from A, and B then knows the account", async () => {
    const browser = browserOn(a);
    const authenticator = createSoftwareAuthenticator();
    const options = await requestSignUpOptions(browser, email("signup"), "Two Instances");
    browser.server = b.url;
    await finishSignUp(browser, authenticator, options);
    await loadAccountPage(browser);
  });

  it("finishes on B a sign-in whose options came from A", async () => {
    const browser = browserOn(a);
    const authenticator = createSoftwareAuthenticator();
    await signUp(browser, authenticator, email("signin"));
    const options = await requestSignInOptions(browser);
    browser.server = b.url;
    await finishSignIn(browser, authenticator, options);
    expect(sessionCookie(browser)).toBeTruthy();
    await loadAccountPage(browser);
  });

  it("accepts on B a session made on A, and a session signed out on one instance is signed out on both", async () => {
    const authenticator = createSoftwareAuthenticator();
    const laptop = browserOn(a);
    await signUp(laptop, authenticator, email("session"));
    await signIn(laptop, authenticator);
    for (const server of [a, b]) {
      laptop.server = server.url;
      await loadAccountPage(laptop);
    }

    // The same person on another device, served by B, signs out everywhere else.
    const phone = browserOn(b);
    await signIn(phone, authenticator);
    expect(await postJson<{ signedOut: number }>(phone, "/api/account/sessions/sign-out-others", {})).toMatchObject({ signedOut: expect.any(Number) });

    for (const server of [a, b]) {
      laptop.server = server.url;
      const page = await loadPage(laptop, "/account");
      expect(page.status, `${server.url} still served /account`).toBeGreaterThanOrEqual(300);
      expect(page.status).toBeLessThan(400);
      expect(page.headers.get("location")).toMatch(/^\/signin\b|\/signin\?/);
    }
    await loadAccountPage(phone);
  });

  it("counts a per-IP rate limit over both instances together", async () => {
    const ip = freshIp();
    const { limit } = LIMITS.signUpPerIp;
    for (let i = 0; i < limit; i += 1) {
      const browser = browserOn(i % 2 === 0 ? a : b, ip);
      await requestSignUpOptions(browser, email("limit"), "Rate Limited");
    }
    // Each instance alone has counted only half the limit: only a shared count refuses these.
    for (const server of [a, b]) {
      const refused = await send(browserOn(server, ip), "POST", "/api/account/sign-up/options", { json: { email: email("limit"), name: "Rate Limited" } });
      expect(refused.status, refused.body).toBe(429);
      expect(JSON.parse(refused.body)).toMatchObject({ code: "rate_limited" });
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    // Another address is not affected.
    await requestSignUpOptions(browserOn(a), email("limit"), "Rate Limited");
  });
});
