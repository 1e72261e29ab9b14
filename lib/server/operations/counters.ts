import "server-only";
import type { Database } from "../platform/database";
import { log } from "../platform/log";

// The operator dashboard's hourly counts of things no other table remembers: refused passkey
// sign-ins by reason and rate-limit refusals by limit. A row holds an hour, a kind, a reason (an
// error code or a limit's name, never anything a person typed) and a count.
//
// Written off the request's own work: a sign-in that succeeds never counts anything here (its
// "signed in" entry is the record), and a refusal starts one upsert that its answer does not wait
// for. A 429 exists to be cheap, and a failing count must never turn a refusal into a 500.
//
// The caller hands over its database client: the rate limiter sits deep in many routes' import
// chains, and counting a refusal must not make them longer (lib/server/architecture.test.ts).

type Db = Pick<Database["prisma"], "$executeRaw">;

export type OperationKind = "sign_in_failure" | "rate_limit_refusal";

const REASON = /^[a-z0-9_:-]{1,64}$/;
const HOUR_MS = 60 * 60 * 1000;

// Under a flood faster than the database takes the upserts, counts beyond this many in flight are
// dropped rather than queued without end: the dashboard then undercounts, the server stays up.
const MAX_PENDING = 1000;
const pending = new Set<Promise<void>>();

/** The start of the UTC hour `at` falls in (a reader in a half-hour zone sees it start at :30). */
export function hourOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

async function increment(db: Db, kind: OperationKind, reason: string, at: Date): Promise<void> {
  await db.$executeRaw`
    INSERT INTO operation_counts (hour, kind, reason, count) VALUES (${hourOf(at)}, ${kind}, ${reason}, 1)
    ON CONFLICT (hour, kind, reason) DO UPDATE SET count = operation_counts.count + 1`;
}

/** Counts one occurrence in the current hour, in the background (see above). */
export function countOperation(db: Db, kind: OperationKind, reason: string): void {
  if (pending.size >= MAX_PENDING) return;
  const safeReason = REASON.test(reason) ? reason : "other";
  const write = increment(db, kind, safeReason, new Date())
    .catch((error: unknown) => log.error("Operation count not written", { kind, reason: safeReason, error }))
    .finally(() => pending.delete(write));
  pending.add(write);
}

/** Waits for the counts started so far (tests, and a clean shutdown). */
export async function settleOperationCounts(): Promise<void> {
  await Promise.all([...pending]);
}

/** Forgets counts older than the dashboard shows, at most `batch` rows per statement. */
export async function pruneOperationCounts(db: Db, olderThanDays = 90, batch = 1000): Promise<number> {
  const before = new Date(Date.now() - olderThanDays * 24 * HOUR_MS);
  return db.$executeRaw`
    DELETE FROM operation_counts WHERE (hour, kind, reason) IN (
      SELECT hour, kind, reason FROM operation_counts WHERE hour < ${before} LIMIT ${batch})`;
}
