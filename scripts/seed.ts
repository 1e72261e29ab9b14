// Seeds the configured database (DATABASE_URL, else the PGlite folder `npm start` uses) with
// N accounts, 3 passkeys and 1 session each, migrating it first. For scale tests: nobody can
// sign in to these accounts. Usage: npm run seed -- 100000
import { performance } from "node:perf_hooks";
import { databaseTargetFromEnv } from "../lib/server/platform/database";
import { migrateTarget } from "../lib/server/platform/migrations";
import { openSqlRunner, seedDatabase } from "../lib/testing/seed";

const users = Number(process.argv[2] ?? 100_000);
if (!Number.isInteger(users) || users < 1) {
  console.error(`Usage: npm run seed -- <number of accounts>   ("${process.argv[2]}" is not a whole number above 0)`);
  process.exit(1);
}

const target = databaseTargetFromEnv();
await migrateTarget(target);
const runner = await openSqlRunner(target);
const started = performance.now();
try {
  await seedDatabase((sql) => runner.exec(sql), { users, passkeysPerUser: 3, sessionsPerUser: 1 }, (done) =>
    process.stdout.write(`\r${done} / ${users} accounts`),
  );
} finally {
  await runner.close();
}
const where = target.databaseUrl ? "PostgreSQL" : `PGlite (${target.pgliteDir})`;
console.log(`\nSeeded ${users} accounts, ${users * 3} passkeys and ${users} sessions in ${((performance.now() - started) / 1000).toFixed(1)} s on ${where}.`);
