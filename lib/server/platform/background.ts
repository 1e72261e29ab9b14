import "server-only";
import { pruneChallenges } from "../ceremonies/challenges";
import { databaseOutageRecorded, markDatabaseAvailable, noteDatabaseError } from "./database-availability";
import { closeDatabase, prisma } from "./db";
import { logError } from "./log";
import { pruneDelivered, startOutboxWorker, stopOutboxWorker } from "../activity/outbox";
import { pruneRateLimits } from "../security/rate-limit";
import { signOutSessionsOutsideDeploymentPolicy } from "../passkeys/policy-sessions";

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
  prisma.$queryRaw`SELECT 1`
    .then(() => markDatabaseAvailable())
    .catch((error) => {
      if (!noteDatabaseError(error)) console.error(`Database probe failed: ${logError(error)}`);
    })
    .finally(() => (probing = false));
}

/**
 * Work each server instance does on its own: delivering (and retrying) mail, and deleting rows
 * that expired, in batches, off the request path; once at boot, signing out the sessions of
 * passkeys the deployment's policy no longer accepts. Several instances may run it at once: each
 * batch deletes what it finds, and a row deleted twice is simply not found the second time.
 */
export function startBackgroundWork(): void {
  startOutboxWorker();
  signOutSessionsOutsideDeploymentPolicy()
    .then((count) => {
      if (count > 0) console.log(`Signed out ${count} session${count === 1 ? "" : "s"} opened by passkeys PASSKEY_POLICY no longer accepts.`);
    })
    .catch((error) => {
      if (!noteDatabaseError(error)) console.error(`Signing out sessions outside PASSKEY_POLICY failed: ${logError(error)}`);
    });
  const housekeeping = setInterval(() => {
    Promise.all([drain(() => pruneChallenges()), drain(() => pruneRateLimits()), pruneDelivered()]).catch((error) => {
      if (!noteDatabaseError(error)) console.error(`Housekeeping failed: ${logError(error)}`);
    });
  }, MINUTE_MS);
  const probe = setInterval(probeDatabase, PROBE_MS);
  timers = [housekeeping, probe];
  for (const timer of timers) timer.unref();
}

/**
 * For a graceful shutdown (scripts/serve.mjs calls it once requests in flight are done): stop the
 * timers, hand back the outbox leases this instance holds, close the database connections.
 */
export async function stopBackgroundWork(): Promise<void> {
  for (const timer of timers.splice(0)) clearInterval(timer);
  try {
    const released = await stopOutboxWorker();
    if (released > 0) console.log(`Released ${released} outbox lease${released === 1 ? "" : "s"} for other instances.`);
  } catch (error) {
    // The database may be what is down; the leases then run out on their own.
    console.error(`Could not release outbox leases: ${logError(error)}`);
  }
  await closeDatabase().catch((error) => console.error(`Closing the database failed: ${logError(error)}`));
}
