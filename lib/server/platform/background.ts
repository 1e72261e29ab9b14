import "server-only";
import { pruneChallenges } from "../ceremonies/challenges";
import { databaseOutageRecorded, markDatabaseAvailable, noteDatabaseError } from "./database-availability";
import { closeDatabase, prisma } from "./db";
import { asJob, log } from "./log";
import { pruneDelivered, startOutboxWorker, stopOutboxWorker } from "../activity/outbox";
import { pruneOperationCounts, settleOperationCounts } from "../operations/counters";
import { pruneRateLimits } from "../security/rate-limit";

const MINUTE_MS = 60 * 1000;
const BATCHES_PER_PASS = 20;
// While the database is down, how often to look for it: the portal recovers within about this.
const PROBE_MS = 1_000;

/** Repeats a batched delete until a batch comes back short (or the pass's budget is spent). */
async function drain(prune: () => Promise<number>, batch = 1000): Promise<number> {
  let total = 0;
  for (let i = 0; i < BATCHES_PER_PASS; i += 1) {
    const deleted = await prune();
    total += deleted;
    if (deleted < batch) break;
  }
  return total;
}

let timers: NodeJS.Timeout[] = [];
let probing = false;

/** While an outage is recorded, one `SELECT 1` at a time until one works (then proxy.ts lets requests through). */
function probeDatabase(): void {
  if (probing || !databaseOutageRecorded()) return;
  probing = true;
  asJob("database-probe", () =>
    prisma.$queryRaw`SELECT 1`
      .then(() => markDatabaseAvailable())
      .catch((error) => {
        if (!noteDatabaseError(error)) log.error("Database probe failed", { error });
      })
      .finally(() => (probing = false)),
  );
}

/**
 * Work each server instance does on its own: delivering (and retrying) mail, and deleting rows
 * that expired, in batches, off the request path. Several instances may run it at once: each
 * batch deletes what it finds, and a row deleted twice is simply not found the second time.
 */
export function startBackgroundWork(): void {
  startOutboxWorker();
  const housekeeping = setInterval(() => {
    asJob("housekeeping", () =>
      Promise.all([drain(() => pruneChallenges()), drain(() => pruneRateLimits()), drain(() => pruneOperationCounts(prisma)), pruneDelivered()]).catch((error) => {
        if (!noteDatabaseError(error)) log.error("Housekeeping failed", { error });
      }),
    );
  }, MINUTE_MS);
  const probe = setInterval(probeDatabase, PROBE_MS);
  timers = [housekeeping, probe];
  for (const timer of timers) timer.unref();
}

/**
 * For a graceful shutdown (scripts/serve.mjs calls it once requests in flight are done): stop the
 * timers, hand back the outbox leases this instance holds, close the database connections.
 */
export function stopBackgroundWork(): Promise<void> {
  return asJob("shutdown", stopWork);
}

async function stopWork(): Promise<void> {
  for (const timer of timers.splice(0)) clearInterval(timer);
  try {
    const released = await stopOutboxWorker();
    if (released > 0) log.info("Released outbox leases for other instances", { released });
  } catch (error) {
    // The database may be what is down; the leases then run out on their own.
    log.error("Could not release outbox leases", { error });
  }
  await settleOperationCounts();
  await closeDatabase().catch((error) => log.error("Closing the database failed", { error }));
}
