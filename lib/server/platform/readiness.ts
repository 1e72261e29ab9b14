import "server-only";
import { markDatabaseAvailable, noteDatabaseError } from "./database-availability";
import { prisma } from "./db";
import { log } from "./log";
import { MIGRATIONS_DIR, pendingMigrations, type SqlRunner } from "./migrations";

export type Readiness =
  | { ready: true }
  | { ready: false; reason: "shutting_down" | "database_unreachable" | "migrations_pending"; message: string; pendingMigrations?: string[] };

// A load balancer polls every few seconds: a database slower than this is as good as down.
const CHECK_TIMEOUT_MS = 2_000;

/** Raw SQL through the process's Prisma client (its pool), for the migration bookkeeping reads. */
export function prismaRunner(client: Pick<typeof prisma, "$queryRawUnsafe" | "$executeRawUnsafe">): SqlRunner {
  return {
    exec: async (sql) => void (await client.$executeRawUnsafe(sql)),
    rows: async <T>(sql: string, params: unknown[] = []) => client.$queryRawUnsafe<T[]>(sql, ...params),
    close: async () => undefined,
  };
}

// serve.mjs sets this on SIGTERM (same process, plain JS outside the bundle).
function shuttingDown(): boolean {
  return (globalThis as unknown as { portalShuttingDown?: boolean }).portalShuttingDown === true;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    // ETIMEDOUT: a database this slow counts as unreachable (isDatabaseUnavailableError).
    timer = setTimeout(() => reject(Object.assign(new Error(`No answer from the database within ${ms} ms`), { code: "ETIMEDOUT" })), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Whether this instance should get traffic: not shutting down, the database answers, and every
 * committed migration is applied (an instance of a newer release must not serve an older schema).
 */
export async function checkReadiness(
  runner: SqlRunner = prismaRunner(prisma),
  options: { timeoutMs?: number; migrationsDir?: string } = {},
): Promise<Readiness> {
  if (shuttingDown()) return { ready: false, reason: "shutting_down", message: "This instance is shutting down." };
  let pending: string[];
  try {
    pending = await withTimeout(pendingMigrations(runner, options.migrationsDir ?? MIGRATIONS_DIR), options.timeoutMs ?? CHECK_TIMEOUT_MS);
  } catch (error) {
    // Anything else (a missing migrations folder, a refused query) is a bug to log, but it still
    // means this instance cannot tell that it is ready.
    if (!noteDatabaseError(error)) log.error("Readiness check failed", { error });
    return { ready: false, reason: "database_unreachable", message: "The database is unreachable or not answering." };
  }
  markDatabaseAvailable();
  if (pending.length > 0) {
    return {
      ready: false,
      reason: "migrations_pending",
      message: `Migrations not applied: ${pending.join(", ")}.`,
      pendingMigrations: pending,
    };
  }
  return { ready: true };
}
