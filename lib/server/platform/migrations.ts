import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { PGlite } from "@electric-sql/pglite";
import { openPGlite, type DatabaseTarget } from "./database";

/** The few raw-SQL operations migrations need; satisfied by both PGlite and node-postgres. */
export interface SqlRunner {
  exec(sql: string): Promise<void>;
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma", "migrations");

// Same table `prisma migrate deploy` keeps, so a machine with Prisma's CLI agrees with us.
const CREATE_HISTORY = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Arbitrary constant: serialises concurrent deploys of several app instances on one server.
const MIGRATION_LOCK_KEY = 72707369;

export async function postgresRunner(connectionString: string): Promise<SqlRunner> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  return {
    exec: async (sql) => void (await client.query(sql)),
    rows: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    close: () => client.end(),
  };
}

/** Runs on an already open PGlite; closing the runner leaves the database open for its owner. */
export function pgliteRunner(db: PGlite): SqlRunner {
  return {
    exec: async (sql) => void (await db.exec(sql)),
    rows: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    close: async () => undefined,
  };
}

/** Applies pending migrations to the configured database and closes the connection. */
export async function migrateTarget(target: DatabaseTarget, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  if (target.databaseUrl) {
    const runner = await postgresRunner(target.databaseUrl);
    try {
      return await applyMigrations(runner, dir);
    } finally {
      await runner.close();
    }
  }
  const db = openPGlite(target.pgliteDir);
  try {
    return await applyMigrations(pgliteRunner(db), dir);
  } finally {
    await db.close();
  }
}

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

async function migrationNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = await migrationNames(dir);
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

const APPLIED = `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

/** Name → checksum of every migration recorded as applied. */
async function appliedMigrations(runner: SqlRunner): Promise<Map<string, string>> {
  const done = await runner.rows<{ migration_name: string; checksum: string }>(APPLIED);
  return new Map(done.map((row) => [row.migration_name, row.checksum]));
}

/**
 * Names of the migrations in `dir` not applied to the database (all of them on a database never
 * migrated). Read-only: takes no lock and creates nothing, so readiness checks can call it.
 */
export async function pendingMigrations(runner: SqlRunner, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  // Names only: readiness runs every few seconds and needs no SQL or checksums.
  const names = await migrationNames(dir);
  const [{ exists }] = await runner.rows<{ exists: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`);
  const applied = exists ? await appliedMigrations(runner) : new Map<string, string>();
  return names.filter((name) => !applied.has(name));
}

/** Applies pending migrations in order, each in its own transaction. Returns the names applied. */
export async function applyMigrations(runner: SqlRunner, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await readMigrations(dir);
  try {
    await runner.rows("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await runner.exec(CREATE_HISTORY);
    const applied = await appliedMigrations(runner);
    const newlyApplied: string[] = [];
    for (const migration of migrations) {
      const checksum = applied.get(migration.name);
      if (checksum && checksum !== migration.checksum) {
        throw new Error(`Migration ${migration.name} was changed after it was applied; add a new migration instead`);
      }
      if (checksum) continue;
      await runner.exec("BEGIN");
      try {
        await runner.exec(migration.sql);
        await runner.rows(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await runner.exec("COMMIT");
      } catch (error) {
        await runner.exec("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
      newlyApplied.push(migration.name);
    }
    return newlyApplied;
  } finally {
    await runner.rows("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
  }
}
