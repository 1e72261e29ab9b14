// Applies committed SQL migrations (prisma/migrations) to the configured database.
import { databaseTargetFromEnv } from "../lib/server/platform/database";
import { migrateTarget } from "../lib/server/platform/migrations";

const target = databaseTargetFromEnv();
const where = target.databaseUrl ? "PostgreSQL" : `PGlite at ${target.pgliteDir}`;
try {
  const applied = await migrateTarget(target);
  console.log(applied.length ? `Applied ${applied.length} migration(s) to ${where}: ${applied.join(", ")}` : `Database (${where}) is up to date`);
} catch (error) {
  console.error(`Migration failed on ${where}: ${(error as Error).message}`);
  process.exit(1);
}
