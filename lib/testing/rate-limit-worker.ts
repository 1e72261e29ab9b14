// A second app instance in miniature, for rate-limit.test.ts: its own process and database
// client on the shared PostgreSQL database. Prints "ready", waits for "go" on stdin (so both
// instances start together), counts `hits` requests against one limit at once, and prints
// how many were allowed as JSON.
// Usage: tsx --conditions=react-server lib/testing/rate-limit-worker.ts <database-url> <limit-json> <key> <hits>
import { once } from "node:events";
import { createInterface } from "node:readline";
import { openPrisma, type Database } from "../server/platform/database";
import type { RateLimit } from "../server/security/rate-limit";

const [databaseUrl, limitJson, key, hits] = process.argv.slice(2);
const limit = JSON.parse(limitJson) as RateLimit;

const database = openPrisma({ databaseUrl, pgliteDir: "memory://" });
// lib/server/platform/db.ts uses whatever client the process installed here.
(globalThis as unknown as { portalDatabase?: Database }).portalDatabase = database;
const { hit } = await import("../server/security/rate-limit");

await database.prisma.$queryRaw`SELECT 1`;
const input = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
await once(input, "line");
input.close();

const results = await Promise.all(Array.from({ length: Number(hits) }, () => hit(limit, key)));
process.stdout.write(`${JSON.stringify({ allowed: results.filter((result) => result.allowed).length, counts: results.map((result) => result.count) })}\n`);
await database.close();
