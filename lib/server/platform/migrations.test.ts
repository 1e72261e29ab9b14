import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { openPGlite } from "./database";
import { applyMigrations, MIGRATIONS_DIR, pendingMigrations, pgliteRunner } from "./migrations";

const COMMITTED = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const open: PGlite[] = [];

function freshDatabase(): PGlite {
  const db = openPGlite("memory://");
  open.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});

/** A private copy of the committed migrations that a test may edit. */
function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "portal-migrations-"));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

function addMigration(dir: string, name: string, sql: string): void {
  mkdirSync(path.join(dir, name));
  writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

async function history(db: PGlite): Promise<string[]> {
  const { rows } = await db.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
  );
  return rows.map((row) => row.migration_name);
}

async function tables(db: PGlite): Promise<string[]> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

// Each test boots its own in-memory PGlite (WASM, seconds each on a busy CI machine).
describe("applyMigrations", { timeout: 60_000 }, () => {
  it("applies every committed migration to an empty database, then nothing the second time", async () => {
    expect(COMMITTED.length).toBeGreaterThan(0);
    const db = freshDatabase();

    expect(await applyMigrations(pgliteRunner(db))).toEqual(COMMITTED);
    expect(await tables(db)).toEqual(
      expect.arrayContaining(["_prisma_migrations", "users", "passkeys", "challenges", "sessions"]),
    );
    await db.query(`INSERT INTO users (id, user_handle, email, display_name, updated_at) VALUES (gen_random_uuid(), 'h', 'a@example.com', 'A', now())`);

    expect(await applyMigrations(pgliteRunner(db))).toEqual([]);
    expect(await history(db)).toEqual(COMMITTED);
    const { rows } = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM users`);
    expect(rows[0].count).toBe(1);
  });

  it("applies only a migration added since the last run", async () => {
    const dir = copyOfMigrations();
    const db = freshDatabase();
    expect(await pendingMigrations(pgliteRunner(db), dir)).toEqual(COMMITTED);
    await applyMigrations(pgliteRunner(db), dir);
    expect(await pendingMigrations(pgliteRunner(db), dir)).toEqual([]);

    addMigration(dir, "29990101000000_add_nickname", `ALTER TABLE users ADD COLUMN nickname TEXT;`);
    expect(await pendingMigrations(pgliteRunner(db), dir)).toEqual(["29990101000000_add_nickname"]);

    expect(await applyMigrations(pgliteRunner(db), dir)).toEqual(["29990101000000_add_nickname"]);
    expect(await history(db)).toEqual([...COMMITTED, "29990101000000_add_nickname"]);
    expect(await applyMigrations(pgliteRunner(db), dir)).toEqual([]);
  });

  it("refuses to run when an applied migration's file has changed", async () => {
    const dir = copyOfMigrations();
    const db = freshDatabase();
    await applyMigrations(pgliteRunner(db), dir);

    appendFileSync(path.join(dir, COMMITTED[0], "migration.sql"), "\n-- edited after deploy\n");
    addMigration(dir, "29990101000000_later", `CREATE TABLE later (id INT);`);

    await expect(applyMigrations(pgliteRunner(db), dir)).rejects.toThrow(
      `Migration ${COMMITTED[0]} was changed after it was applied; add a new migration instead`,
    );
    expect(await tables(db)).not.toContain("later");
  });

  it("rolls a failing migration back completely and names it in the error", async () => {
    const dir = copyOfMigrations();
    const db = freshDatabase();
    await applyMigrations(pgliteRunner(db), dir);
    addMigration(dir, "29990101000000_broken", `CREATE TABLE half_done (id INT);\nSELECT * FROM no_such_table;`);

    await expect(applyMigrations(pgliteRunner(db), dir)).rejects.toThrow(/Migration 29990101000000_broken failed: .*no_such_table/);
    expect(await tables(db)).not.toContain("half_done");
    expect(await history(db)).toEqual(COMMITTED);

    // Fixed and re-run, it applies.
    writeFileSync(path.join(dir, "29990101000000_broken", "migration.sql"), `CREATE TABLE half_done (id INT);`);
    expect(await applyMigrations(pgliteRunner(db), dir)).toEqual(["29990101000000_broken"]);
  });
});
