// Vitest setup: fixed configuration and a private database per test file, installed where
// lib/server/platform/db.ts looks for the process-wide client.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";
import type { Database } from "../server/platform/database";
import { createTestDatabase, TEST_TIME_ZONE } from "./database";
import { RELATED_ORIGIN } from "./route-harness";

// Whatever the machine's zone: tests must pass in any, and this one exposes UTC assumptions.
process.env.TZ = TEST_TIME_ZONE;

process.env.ORIGINS = "http://localhost:3000";
process.env.RELATED_ORIGINS = RELATED_ORIGIN;
process.env.RP_ID = "localhost";
process.env.RP_NAME = "Passkey Portal (test)";
process.env.AUTH_SECRET = "test-secret-that-is-long-enough-for-next-auth-0123456789";
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "portal-test-"));
delete process.env.DATABASE_URL;
// Quiet: a test that reads the log sends it to itself (redirectLog in lib/server/platform/log.ts).
process.env.LOG_LEVEL = "silent";

const testDatabase = await createTestDatabase(inject("testDatabaseTemplate"));
(globalThis as unknown as { portalDatabase?: Database }).portalDatabase = testDatabase.database;

afterAll(async () => {
  await testDatabase.drop();
});
