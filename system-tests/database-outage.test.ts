// The portal through a database outage: PostgreSQL (a private cluster this test may stop) goes
// away under a running production server and comes back, and the portal answers 503 with
// Retry-After in the meantime and recovers by itself.
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookieName } from "@/lib/server/http/cookies";
import { postgresBinDir, startPrivatePostgres, type PrivatePostgres } from "@/lib/testing/private-postgres";
import { startProductionServer, type ProductionServer } from "@/lib/testing/production-server";

const ORIGIN = "http://localhost:3000";
const AUTH_SECRET = "database-outage-test-secret-0123456789-abcdefghij";
const MESSAGE = "We can't reach our database right now. Nothing was lost; please try again in a minute.";

function signInOptions(server: ProductionServer): Promise<Response> {
  return fetch(`${server.url}/api/session/sign-in/options`, {
    method: "POST",
    headers: { Origin: ORIGIN, "Content-Type": "application/json" },
    body: "{}",
  });
}

/** Repeats `check` until it passes or `timeoutMs` is spent (then its last failure is thrown). */
async function eventually(check: () => Promise<void>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

describe.skipIf(!postgresBinDir())("a database outage (private PostgreSQL cluster; skipped without /usr/lib/postgresql/*/bin/initdb)", () => {
  let postgres: PrivatePostgres;
  let server: ProductionServer;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    server = await startProductionServer({
      origin: ORIGIN,
      authSecret: AUTH_SECRET,
      databaseUrl: postgres.url,
    });
  });

  afterAll(async () => {
    await server?.stop();
    postgres?.destroy();
  });

  it("is ready, and serves API calls and pages, while the database is up", async () => {
    const ready = await fetch(`${server.url}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get("cache-control")).toBe("no-store");
    expect(await ready.json()).toEqual({ status: "ready" });
    expect((await signInOptions(server)).status).toBe(200);
    expect((await fetch(`${server.url}/signin`)).status).toBe(200);
  });

  it("answers 503 with Retry-After and a sentence a person understands while the database is down, then recovers by itself", async () => {
    postgres.stop();

    const api = await signInOptions(server);
    expect(api.status).toBe(503);
    expect(api.headers.get("retry-after")).toBe("30");
    expect(await api.json()).toEqual({ code: "database_unavailable", error: MESSAGE });

    const page = await fetch(`${server.url}/signin`);
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBe("30");
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-/);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    const html = await page.text();
    expect(html).toContain("We'll be right back");
    expect(html).toContain(MESSAGE);

    const ready = await fetch(`${server.url}/api/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get("retry-after")).toBe("30");
    expect(await ready.json()).toMatchObject({ status: "unavailable", reason: "database_unreachable" });
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);

    postgres.start();

    await eventually(async () => expect((await signInOptions(server)).status).toBe(200));
    expect((await fetch(`${server.url}/signin`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/api/health/ready`)).json()).toEqual({ status: "ready" });
    expect(server.output()).toContain("The database is reachable again");
  });

  it("shows a page that failed on the database the human message, and answers the following requests with 503", async () => {
    // A well-formed session cookie, so /account asks the database about it (and no one else first).
    const token = await encode({ token: { sid: randomUUID() }, secret: AUTH_SECRET });
    const cookie = `${sessionCookieName(false)}=${token}`;
    expect((await fetch(`${server.url}/account`, { headers: { cookie }, redirect: "manual" })).status).toBe(307);
    postgres.stop();
    try {
      // A page has no say over its status once it fails: Next answers 500 and renders app/error.tsx
      // (the human message) in the browser. Only this first request pays that.
      const first = await fetch(`${server.url}/account`, { headers: { cookie }, redirect: "manual" });
      expect(first.status).toBe(500);

      // The failure was recorded (instrumentation.ts onRequestError): /signin, which needs no
      // database, is answered by the proxy.
      const next = await fetch(`${server.url}/signin`);
      expect(next.status).toBe(503);
      expect(next.headers.get("retry-after")).toBe("30");
    } finally {
      postgres.start();
    }
    await eventually(async () => expect((await fetch(`${server.url}/signin`)).status).toBe(200));
  });

  it("is not ready while a migration is missing from the database", async () => {
    const { postgresRunner } = await import("@/lib/server/platform/migrations");
    const runner = await postgresRunner(postgres.url);
    try {
      const [latest] = await runner.rows<{ id: string; migration_name: string }>(
        `SELECT id, migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`,
      );
      await runner.rows(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = $1`, [latest.id]);
      const ready = await fetch(`${server.url}/api/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ reason: "migrations_pending", pendingMigrations: [latest.migration_name] });
      await runner.rows(`UPDATE "_prisma_migrations" SET rolled_back_at = NULL WHERE id = $1`, [latest.id]);
      expect((await fetch(`${server.url}/api/health/ready`)).status).toBe(200);
    } finally {
      await runner.close();
    }
  });
});
