import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { databaseTargetFromEnv, DEFAULT_POOL_SIZE, openPrisma } from "./database";
import { prisma } from "./db";
import { TEST_TIME_ZONE } from "../../testing/database";

// 1 January 2027, 00:00:30.250 in Berlin, while the UTC date is still 31 December 2026.
const INSTANT = new Date("2026-12-31T23:00:30.250Z");

async function epochMsInSql(key: string): Promise<number> {
  const [row] = await prisma.$queryRaw<{ ms: number }[]>`
    SELECT (EXTRACT(EPOCH FROM window_start) * 1000)::float8 AS ms FROM rate_limits WHERE key = ${key}`;
  return row.ms;
}

describe("times in the database", () => {
  it("stores a time written through Prisma as the same instant SQL sees", async () => {
    const key = `clock-${randomUUID()}`;
    await prisma.rateLimit.create({ data: { key, windowStart: INSTANT, count: 1 } });

    expect(await epochMsInSql(key)).toBe(INSTANT.getTime());
    expect((await prisma.rateLimit.findUniqueOrThrow({ where: { key } })).windowStart).toEqual(INSTANT);
  });

  it("reads a time written by SQL, with any offset, as the instant it is", async () => {
    const key = `clock-${randomUUID()}`;
    await prisma.$executeRaw`INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, '2027-01-01 00:00:30.25+01', 1)`;

    expect((await prisma.rateLimit.findUniqueOrThrow({ where: { key } })).windowStart).toEqual(INSTANT);
    expect(await epochMsInSql(key)).toBe(INSTANT.getTime());
  });

  // Without this, the two tests above would prove nothing on PostgreSQL: a UTC session hides
  // the adapter's habit of sending times without their offset.
  it.runIf(process.env.TEST_POSTGRES_URL)("runs on a PostgreSQL database whose own time zone is not UTC", async () => {
    const [{ name }] = await prisma.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
    const url = new URL(process.env.TEST_POSTGRES_URL ?? "");
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const { rows } = await client.query<{ TimeZone: string }>("SHOW TimeZone");
      expect(rows[0].TimeZone).toBe(TEST_TIME_ZONE);
    } finally {
      await client.end();
    }
  });
});

function environment(variables: Record<string, string>): NodeJS.ProcessEnv {
  return { NODE_ENV: "test", ...variables };
}

describe("the connection pool", () => {
  it("takes its size from DATABASE_POOL_SIZE, ten by default", () => {
    expect(databaseTargetFromEnv(environment({ DATABASE_URL: "postgres://db/portal", DATABASE_POOL_SIZE: "3" })).poolSize).toBe(3);
    expect(databaseTargetFromEnv(environment({ DATABASE_URL: "postgres://db/portal" })).poolSize).toBe(DEFAULT_POOL_SIZE);
  });

  it.runIf(process.env.TEST_POSTGRES_URL)("never opens more connections than that, however many queries wait", async () => {
    const [{ name }] = await prisma.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
    const url = new URL(process.env.TEST_POSTGRES_URL ?? "");
    url.pathname = `/${name}`;
    const small = openPrisma(databaseTargetFromEnv(environment({ DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: "2" })));
    try {
      const backends = await Promise.all(
        Array.from({ length: 6 }, () => small.prisma.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)::text AS slept`),
      );
      expect(new Set(backends.map(([row]) => row.pid)).size).toBe(2);
    } finally {
      await small.close();
    }
  });
});
