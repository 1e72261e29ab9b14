import { PGlite } from "@electric-sql/pglite";
import { NextRequest } from "next/server";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { proxy } from "@/proxy";
import { openPrisma } from "./database";
import {
  databaseKnownUnavailable,
  isDatabaseUnavailableError,
  markDatabaseAvailable,
  markDatabaseUnavailable,
} from "./database-availability";
import { prisma } from "./db";
import { UserFacingError } from "./errors";
import { errorResponse } from "../http/http";
import { freePort } from "../../testing/production-server";
import { createUser } from "../../testing/factories";
import { uniqueEmail } from "../../testing/unique-email";

/** The error a real call raises. */
async function failureOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

/** Prisma on node-postgres pointed at a port where nothing listens: a database that is down. */
async function prismaOnClosedPort(): Promise<ReturnType<typeof openPrisma>> {
  return openPrisma({ databaseUrl: `postgres://postgres@127.0.0.1:${await freePort()}/postgres`, pgliteDir: "memory://" });
}

const MESSAGE = "We can't reach our database right now. Nothing was lost; please try again in a minute.";

afterEach(() => markDatabaseAvailable());

describe("isDatabaseUnavailableError", () => {
  it("recognises a database that refuses connections, through Prisma and through pg", async () => {
    const down = await prismaOnClosedPort();
    try {
      expect(isDatabaseUnavailableError(await failureOf(() => down.prisma.user.count()))).toBe(true);
      expect(isDatabaseUnavailableError(await failureOf(() => down.prisma.$queryRaw`SELECT 1`))).toBe(true);
      expect(isDatabaseUnavailableError(await failureOf(() => down.prisma.$transaction(async (tx) => tx.user.count())))).toBe(true);
    } finally {
      await down.close();
    }
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${await freePort()}/postgres` });
    expect(isDatabaseUnavailableError(await failureOf(() => client.connect()))).toBe(true);
  });

  it("recognises a closed PGlite", async () => {
    const pglite = new PGlite();
    await pglite.close();
    expect(isDatabaseUnavailableError(await failureOf(() => pglite.query("SELECT 1")))).toBe(true);
  });

  it("does not mistake a query the database refused, or a bug, for an outage", async () => {
    const user = await createUser();
    const duplicate = await failureOf(() => prisma.user.create({ data: { email: uniqueEmail(), displayName: "Copy", userHandle: user.userHandle } }));
    expect(isDatabaseUnavailableError(duplicate)).toBe(false);
    expect(isDatabaseUnavailableError(await failureOf(() => prisma.$queryRawUnsafe("SELECT * FROM no_such_table")))).toBe(false);
    expect(isDatabaseUnavailableError(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseUnavailableError(new UserFacingError("invalid_request", "malformed"))).toBe(false);
  });
});

describe("errorResponse", () => {
  it("answers a database outage with 503, Retry-After and a sentence a person understands", async () => {
    const down = await prismaOnClosedPort();
    const error = await failureOf(() => down.prisma.user.count());
    await down.close();

    const response = errorResponse(error);

    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("30");
    expect(await response.json()).toEqual({
      code: "database_unavailable",
      error: MESSAGE,
    });
    expect(databaseKnownUnavailable()).toBe(true);
  });

  it("takes a client that drops its connection mid-body for a malformed request, not an outage", async () => {
    // A connection reset while reading the body has the code a dropped database connection has
    // (ECONNRESET, which alone would count as an outage): were it taken for one, anyone could
    // turn the portal to 503 for everyone. Reading the body turns it into a malformed request.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"email":"ada@exa'));
        controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
      },
    });
    const origin = "http://localhost:3000";
    const request = new Request(`${origin}/api/session/sign-in/options`, {
      method: "POST",
      headers: { origin, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);

    expect(isDatabaseUnavailableError(Object.assign(new Error("aborted"), { code: "ECONNRESET" }))).toBe(true);
    const response = await signInOptions(request, undefined);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "invalid_json" });
    expect(databaseKnownUnavailable()).toBe(false);
  });

  it("still answers a bug with a 500, and records no outage", async () => {
    const response = errorResponse(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(response.status).toBe(500);
    expect(databaseKnownUnavailable()).toBe(false);
  });
});

describe("the outage flag", () => {
  it("holds for a few seconds after the last failure, so requests try again even if nothing clears it", () => {
    const now = Date.now();
    markDatabaseUnavailable(now);
    expect(databaseKnownUnavailable(now + 1_000)).toBe(true);
    expect(databaseKnownUnavailable(now + 60_000)).toBe(false);
    markDatabaseAvailable();
    expect(databaseKnownUnavailable(now + 1_000)).toBe(false);
  });
});

describe("the proxy during an outage", () => {
  const origin = "http://localhost:3000";

  it("answers API calls and pages itself with 503 and Retry-After, security headers included", async () => {
    markDatabaseUnavailable();

    const api = proxy(new NextRequest(`${origin}/api/account`, { method: "GET" }));
    expect(api.status).toBe(503);
    expect(api.headers.get("retry-after")).toBe("30");
    expect(await api.json()).toEqual({ code: "database_unavailable", error: MESSAGE });
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");

    const page = proxy(new NextRequest(`${origin}/account`, { method: "GET" }));
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBe("30");
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(await page.text()).toContain(MESSAGE);
  });

  it("still lets liveness and readiness through, and everything once the database is back", () => {
    markDatabaseUnavailable();
    for (const path of ["/api/health", "/api/health/ready"]) {
      expect(proxy(new NextRequest(`${origin}${path}`, { method: "GET" })).headers.get("x-middleware-next")).toBe("1");
    }
    markDatabaseAvailable();
    expect(proxy(new NextRequest(`${origin}/account`, { method: "GET" })).headers.get("x-middleware-next")).toBe("1");
  });
});
