import "server-only";
import { pruneChallenges } from "./challenges";
import { logError } from "./log";
import { pruneDelivered, startOutboxWorker } from "./outbox";
import { pruneRateLimits } from "./rate-limit";

const MINUTE_MS = 60 * 1000;
const BATCHES_PER_PASS = 20;

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

/**
 * Work each server instance does on its own: delivering (and retrying) mail, and deleting rows
 * that expired, in batches, off the request path. Several instances may run it at once: each
 * batch deletes what it finds, and a row deleted twice is simply not found the second time.
 */
export function startBackgroundWork(): void {
  startOutboxWorker();
  const housekeeping = setInterval(() => {
    Promise.all([drain(() => pruneChallenges()), drain(() => pruneRateLimits()), pruneDelivered()]).catch((error) =>
      console.error(`Housekeeping failed: ${logError(error)}`),
    );
  }, MINUTE_MS);
  housekeeping.unref();
}
