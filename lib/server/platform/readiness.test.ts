import { afterEach, describe, expect, it } from "vitest";
import { openPrisma } from "./database";
import { databaseKnownUnavailable, markDatabaseAvailable } from "./database-availability";
import { prisma } from "./db";
import { checkReadiness, prismaRunner } from "./readiness";
import { freePort } from "../../testing/production-server";

const shutdown = globalThis as unknown as { portalShuttingDown?: boolean };

afterEach(() => {
  delete shutdown.portalShuttingDown;
  markDatabaseAvailable();
});

describe("checkReadiness", () => {
  it("is ready on a database with every migration applied", async () => {
    expect(await checkReadiness()).toEqual({ ready: true });
  });

  it("names the migrations a database is missing", async () => {
    const [latest] = await prisma.$queryRaw<{ id: string; migration_name: string }[]>`
      SELECT id, migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`;
    await prisma.$executeRaw`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = ${latest.id}`;
    try {
      expect(await checkReadiness()).toEqual({
        ready: false,
        reason: "migrations_pending",
        message: `Migrations not applied: ${latest.migration_name}.`,
        pendingMigrations: [latest.migration_name],
      });
    } finally {
      await prisma.$executeRaw`UPDATE "_prisma_migrations" SET rolled_back_at = NULL WHERE id = ${latest.id}`;
    }
  });

  it("says the database is unreachable when it is, and records the outage", async () => {
    const down = openPrisma({ databaseUrl: `postgres://postgres@127.0.0.1:${await freePort()}/postgres`, pgliteDir: "memory://" });
    try {
      expect(await checkReadiness(prismaRunner(down.prisma))).toMatchObject({ ready: false, reason: "database_unreachable" });
      expect(databaseKnownUnavailable()).toBe(true);
    } finally {
      await down.close();
    }
    expect(await checkReadiness()).toEqual({ ready: true });
    expect(databaseKnownUnavailable()).toBe(false);
  });

  it("sends traffic elsewhere once the server is shutting down", async () => {
    shutdown.portalShuttingDown = true;
    expect(await checkReadiness()).toMatchObject({ ready: false, reason: "shutting_down" });
  });
});
