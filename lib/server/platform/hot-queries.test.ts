import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "./db";
import { explain, hotQueries, sampleRows, seqScannedTables, type HotQuerySamples, type SqlRows } from "../../testing/hot-queries";
import { seedDatabase } from "../../testing/seed";

// Enough rows that a sequential scan costs more than an index lookup would: with a handful of
// rows the planner reads whole tables whatever indexes exist, and the test would prove nothing.
const rows: SqlRows = (sql, params) => prisma.$queryRawUnsafe(sql, ...params);
let sample: HotQuerySamples;

beforeAll(async () => {
  await seedDatabase((sql) => prisma.$executeRawUnsafe(sql), {
    users: 3000,
    passkeysPerUser: 3,
    sessionsPerUser: 2,
    challenges: 30_000,
    rateLimits: 5000,
    outbox: 30_000,
  });
  sample = await sampleRows(rows);
});

describe("the statements of the sign-in path, on a seeded database", () => {
  it("finds a plan for each, as the app issues it", async () => {
    for (const query of hotQueries(sample)) {
      expect(await explain(rows, query), query.name).not.toHaveLength(0);
    }
  });

  for (const name of ["sign-in options", "sign-in verify: limits", "sign-in verify: session", "signed-in request", "sign-up options", "consume challenge", "outbox", "prune challenges", "prune rate limits"]) {
    it(`reads no whole table: ${name}`, async () => {
      const query = hotQueries(sample).find((candidate) => candidate.name.includes(name));
      if (!query) throw new Error(`no hot query named like "${name}"`);
      const plan = await explain(rows, query);
      expect(seqScannedTables(plan), plan.join("\n")).toEqual([]);
    });
  }

  it("would notice a statement that reads a whole table", async () => {
    const plan = await explain(rows, { name: "unindexed", sql: { text: "SELECT id FROM passkeys WHERE name = $1", values: ["Passkey 2"] } as never });
    expect(seqScannedTables(plan)).toEqual(["passkeys"]);
  });
});
