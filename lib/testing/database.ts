// Gives each Vitest worker its own empty, migrated database: an in-memory PGlite by default,
// or a fresh database on the PostgreSQL server named by TEST_POSTGRES_URL.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openPGlite, openPrisma, prismaForPGlite, type Database } from "../database";
import { applyMigrations, migrateTarget, pgliteRunner } from "../migrations";

/**
 * The zone tests run in: the test process (lib/testing/setup.ts) and the default of every
 * PostgreSQL test database. UTC−3:30 with DST, so code that assumes UTC, or whole-hour offsets,
 * fails on every machine rather than only on some.
 */
export const TEST_TIME_ZONE = "America/St_Johns";

export interface TestDatabase {
  database: Database;
  kind: "pglite" | "postgresql";
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_POSTGRES_URL;
  if (!serverUrl) {
    const pglite = openPGlite("memory://");
    await applyMigrations(pgliteRunner(pglite));
    const database = prismaForPGlite(pglite);
    return { database, kind: "pglite", drop: () => database.close() };
  }
  const name = `portal_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  // Servers default to their machine's zone: a fixed one that is not UTC makes every test file
  // on PostgreSQL prove that nothing depends on the server's zone.
  await admin.query(`ALTER DATABASE "${name}" SET TimeZone TO '${TEST_TIME_ZONE}'`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrateTarget({ databaseUrl: url.toString(), pgliteDir: "memory://" });
  const database = openPrisma({ databaseUrl: url.toString(), pgliteDir: "memory://" });
  return {
    database,
    kind: "postgresql",
    drop: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
