// Closed-loop load: each virtual client starts its next operation as soon as its last one
// finished, like a person who waits for the page, so the server is never offered more work
// than the clients can have in flight.
import { performance } from "node:perf_hooks";

export interface LoadResult {
  ops: number;
  elapsedMs: number;
  /** Per-operation latency in ms, ascending. */
  latencies: number[];
}

/** Runs `op` on `clients` clients until `durationMs` has passed; the first failure aborts the run. */
export async function closedLoop(clients: number, durationMs: number, op: (client: number) => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  let failure: unknown;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (failure === undefined && performance.now() < deadline) {
        const opStarted = performance.now();
        try {
          await op(client);
        } catch (error) {
          failure ??= error;
          return;
        }
        latencies.push(performance.now() - opStarted);
      }
    }),
  );
  if (failure !== undefined) throw failure;
  return { ops: latencies.length, elapsedMs: performance.now() - started, latencies: latencies.sort((a, b) => a - b) };
}

/** Runs `op` exactly `count` times spread over `clients` clients (warm-up, account set-up). */
export async function repeat(count: number, clients: number, op: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(clients, count) }, async () => {
      while (next < count) await op(next++);
    }),
  );
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export function opsPerSecond(result: LoadResult): number {
  return (result.ops * 1000) / result.elapsedMs;
}
