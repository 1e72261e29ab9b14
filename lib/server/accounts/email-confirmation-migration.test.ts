import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { PGlite } from "@electric-sql/pglite";
import { openPGlite } from "../platform/database";
import { applyMigrations, MIGRATIONS_DIR, pgliteRunner } from "../platform/migrations";

const MIGRATION = "20261202110000_email_confirmation";
const open: PGlite[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});

// Boots its own in-memory PGlite (WASM, seconds on a busy machine).
describe(`migration ${MIGRATION}`, { timeout: 60_000 }, () => {
  it("keeps accounts created under the old rules confirmed, and lets only one account hold an address confirmed", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "portal-migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    rmSync(path.join(dir, MIGRATION), { recursive: true });
    const db = openPGlite("memory://");
    open.push(db);
    await applyMigrations(pgliteRunner(db), dir);
    await db.query(
      `INSERT INTO users (id, user_handle, email, display_name, created_at, updated_at)
       VALUES (gen_random_uuid(), 'h1', 'old@example.com', 'Old', '2026-01-02T03:04:05Z', now())`,
    );

    cpSync(path.join(MIGRATIONS_DIR, MIGRATION), path.join(dir, MIGRATION), { recursive: true });
    expect(await applyMigrations(pgliteRunner(db), dir)).toEqual([MIGRATION]);

    const { rows } = await db.query<{ confirmed: Date | null }>(`SELECT email_confirmed_at AS confirmed FROM users WHERE email = 'old@example.com'`);
    expect(rows.map((row) => row.confirmed?.toISOString())).toEqual(["2026-01-02T03:04:05.000Z"]);
    // Unconfirmed accounts may share the address; a second confirmed one may not.
    await db.query(`INSERT INTO users (id, user_handle, email, display_name, updated_at) VALUES (gen_random_uuid(), 'h2', 'old@example.com', 'Two', now())`);
    await db.query(`INSERT INTO users (id, user_handle, email, display_name, updated_at) VALUES (gen_random_uuid(), 'h3', 'old@example.com', 'Three', now())`);
    await expect(db.query(`UPDATE users SET email_confirmed_at = now() WHERE user_handle = 'h2'`)).rejects.toThrow(/users_confirmed_email_key/);
  });
});
