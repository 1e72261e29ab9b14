// Scale: seeds a stopped deployment's database with many accounts and prints the plans of the
// queries every sign-in runs (lib/testing/hot-queries.ts), before the benchmark measures again.
import type { DatabaseTarget } from "../../lib/server/platform/database";
import { openSqlRunner, seedDatabase } from "../../lib/testing/seed";
import { fixed } from "./report";

export async function seedAndExplain(target: DatabaseTarget, users: number): Promise<void> {
  const runner = await openSqlRunner(target);
  try {
    const started = Date.now();
    await seedDatabase((sql) => runner.exec(sql), { users, passkeysPerUser: 3, sessionsPerUser: 1, challenges: 10_000, rateLimits: users, outbox: users });
    console.log(`\nSeeded ${users} accounts, ${users * 3} passkeys, ${users} sessions (+ challenges, rate-limit windows, mail) in ${fixed((Date.now() - started) / 1000)} s.`);
    // Only with --seed: the query builders pull in Next's server modules.
    const { explainHotQueries } = await import("../../lib/testing/hot-queries");
    console.log("Hot queries on the seeded database (EXPLAIN, scan nodes only):");
    const explained = await explainHotQueries(runner.rows);
    for (const query of explained) {
      console.log(`  ${query.name}${query.seqScans.length ? `  SEQUENTIAL SCAN of ${query.seqScans.join(", ")}` : ""}`);
      for (const line of query.plan.filter((planLine) => /Scan/.test(planLine))) console.log(`      ${line.trim().replace(/\s+\(cost=.*$/, "")}`);
    }
    const scanned = explained.flatMap((query) => query.seqScans);
    console.log(scanned.length ? `Sequential scans of hot tables: ${scanned.join(", ")}.` : "No hot query scans a whole table.");
  } finally {
    await runner.close();
  }
}
