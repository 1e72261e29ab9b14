import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../../generated/prisma/client";

export interface Database {
  prisma: PrismaClient;
  close(): Promise<void>;
}

export interface DatabaseTarget {
  /** postgres://… for a PostgreSQL server; undefined for embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data folder, or "memory://" for a throwaway in-memory database. */
  pgliteDir: string;
  /** PostgreSQL only: the most connections this process opens (validated by lib/server/platform/env.ts). */
  poolSize?: number;
}

export const DEFAULT_POOL_SIZE = 10;

export function databaseTargetFromEnv(source: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const databaseUrl = source.DATABASE_URL || undefined;
  const pgliteDir = source.PGLITE_DIR || path.resolve(source.DATA_DIR || ".data", "pglite");
  const poolSize = Number(source.DATABASE_POOL_SIZE) || DEFAULT_POOL_SIZE;
  return { databaseUrl, pgliteDir, poolSize };
}

/** Opens the PGlite instance behind the embedded database (also used by the migration runner). */
export function openPGlite(dir: string): PGlite {
  if (dir === "memory://") return new PGlite();
  mkdirSync(dir, { recursive: true });
  return new PGlite(dir);
}

export function openPrisma(target: DatabaseTarget = databaseTargetFromEnv()): Database {
  if (target.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: target.databaseUrl,
      // Instances × this must stay under the server's max_connections (README, Scaling).
      max: target.poolSize ?? DEFAULT_POOL_SIZE,
      // A database host that stops answering (rather than refusing) would otherwise hold each
      // request until the kernel gives up; this way it becomes a 503 within seconds.
      connectionTimeoutMillis: 5_000,
      // @prisma/adapter-pg sends DateTime parameters without a UTC offset (prisma/orm#28629), so
      // PostgreSQL reads them in the session's time zone: on a server whose TimeZone is not UTC,
      // every stored time would be off by that offset and every comparison with now() (rate
      // limits, the outbox's retries) off by hours. The pool waits for this before using a connection.
      onConnect: async (client) => {
        await client.query("SET TIME ZONE 'UTC'");
      },
    });
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
    return { prisma, close: () => prisma.$disconnect() };
  }
  return prismaForPGlite(openPGlite(target.pgliteDir));
}

/** Wraps an open PGlite; closing the Database closes PGlite too. */
export function prismaForPGlite(pglite: PGlite): Database {
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
