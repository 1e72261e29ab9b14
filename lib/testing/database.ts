// Gives each Vitest test file its own empty, migrated database: an in-memory PGlite by default,
// or a fresh database on the PostgreSQL server named by TEST_POSTGRES_URL. Migrating once per
// run (lib/testing/global-setup.ts) and copying the result per file is what keeps a run short:
// a PGlite loaded from a migrated snapshot starts in a third of the time initdb takes, and a
// PostgreSQL database copied from a migrated template needs no migration run at all.
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { openPrisma, prismaForPGlite, type Database } from "../server/platform/database";
import { applyMigrations, migrateTarget, pgliteRunner } from "../server/platform/migrations";

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

/** Where the migrated template lives: a PGlite snapshot file, or a PostgreSQL database name. */
export interface DatabaseTemplate {
  location: string;
  drop(): Promise<void>;
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Migrates an empty database once for the whole run. */
export async function createDatabaseTemplate(snapshotFile: string): Promise<DatabaseTemplate> {
  const serverUrl = process.env.TEST_POSTGRES_URL;
  if (!serverUrl) {
    const pglite = new PGlite();
    await applyMigrations(pgliteRunner(pglite));
    writeFileSync(snapshotFile, Buffer.from(await (await pglite.dumpDataDir("none")).arrayBuffer()));
    await pglite.close();
    return { location: snapshotFile, drop: async () => undefined };
  }
  const name = `portal_template_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  await migrateTarget({ databaseUrl: databaseUrl(serverUrl, name), pgliteDir: "memory://" });
  return { location: name, drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * An empty database on the PostgreSQL server at serverUrl, for tests whose own servers migrate
 * it (system-tests/): its URL, and a drop that also ends whatever is still connected.
 */
export async function createEmptyDatabase(serverUrl: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `portal_${label}_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  return { url: databaseUrl(serverUrl, name), drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export async function createTestDatabase(template: string): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_POSTGRES_URL;
  if (!serverUrl) {
    const pglite = new PGlite({ loadDataDir: new Blob([readFileSync(template)]) });
    const database = prismaForPGlite(pglite);
    return { database, kind: "pglite", drop: () => database.close() };
  }
  const name = `portal_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  // Servers default to their machine's zone: a fixed one that is not UTC makes every test file
  // on PostgreSQL prove that nothing depends on the server's zone. (A copy does not inherit the
  // template's per-database settings, so each copy gets it.)
  await adminQuery(serverUrl, `ALTER DATABASE "${name}" SET TimeZone TO '${TEST_TIME_ZONE}'`);
  const database = openPrisma({ databaseUrl: databaseUrl(serverUrl, name), pgliteDir: "memory://" });
  return {
    database,
    kind: "postgresql",
    drop: async () => {
      await database.close();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
