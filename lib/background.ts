import "server-only";
import { logError } from "./log";
import { pruneDelivered, startOutboxWorker } from "./outbox";
import { pruneRateLimits } from "./rate-limit";

const HOUR_MS = 60 * 60 * 1000;

/** Work each server instance does on its own: delivering (and retrying) mail, and housekeeping. */
export function startBackgroundWork(): void {
  startOutboxWorker();
  const housekeeping = setInterval(() => {
    Promise.all([pruneRateLimits(), pruneDelivered()]).catch((error) => console.error(`Housekeeping failed: ${logError(error)}`));
  }, HOUR_MS);
  housekeeping.unref();
}
