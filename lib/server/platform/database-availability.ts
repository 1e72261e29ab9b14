// Telling "the database is down" apart from every other failure, and remembering it for the
// whole process. A connection failure is not a bug: the person gets a 503 with Retry-After and
// a sentence they understand, and proxy.ts answers the following requests itself, without
// making each one wait for a connection attempt, until a query succeeds again.
// No "server-only" here: proxy.ts imports it, and it touches no database itself.
import { log } from "./log";

import { messagesFor } from "../../shared/messages";

export const DATABASE_RETRY_AFTER_SECONDS = 30;
export const DATABASE_UNAVAILABLE_CODE = "database_unavailable";
/** In English; answers use the request's language (errors-api.json's databaseUnavailable). */
export const DATABASE_UNAVAILABLE_MESSAGE = messagesFor("en")["errors-api"].databaseUnavailable;

// After this long without news (no failed query, no successful probe), requests go through
// again and find out for themselves, so a missing probe can never keep the portal down.
const RECHECK_AFTER_MS = 5_000;

// Prisma's codes for "can't reach", "timed out", "operation timed out", "server closed the connection".
const PRISMA_CONNECTION_CODES = new Set(["P1001", "P1002", "P1008", "P1017"]);
// What @prisma/adapter-pg reports as the driver's error kind when the connection itself failed.
const ADAPTER_CONNECTION_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// Node's socket errors, and PostgreSQL's: admin/crash shutdown, "cannot connect now" (starting
// or stopping), and class 08 (connection exception).
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "57P01", "57P02", "57P03"]);
const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection is closed/i,
  /pglite is closed/i,
  /Client has encountered a connection error/i,
];

function connectionFailure(value: Record<string, unknown>): boolean {
  const code = typeof value.code === "string" ? value.code : typeof value.originalCode === "string" ? value.originalCode : "";
  if (PRISMA_CONNECTION_CODES.has(code) || CONNECTION_CODES.has(code) || code.startsWith("08")) return true;
  if (typeof value.kind === "string" && ADAPTER_CONNECTION_KINDS.has(value.kind)) return true;
  const message = typeof value.message === "string" ? value.message : "";
  return CONNECTION_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * Whether an error means the database could not be reached (as opposed to a query it refused).
 * Prisma wraps the driver's error (meta.driverAdapterError.cause), Node wraps with `cause`, and
 * pg reports several failed addresses as an AggregateError: all are looked into.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  const pending: unknown[] = [error];
  for (let seen = 0; pending.length > 0 && seen < 20; seen += 1) {
    const value = pending.pop();
    if (typeof value !== "object" || value === null) continue;
    const record = value as Record<string, unknown>;
    if (connectionFailure(record)) return true;
    const meta = record.meta as Record<string, unknown> | undefined;
    pending.push(record.cause, meta?.driverAdapterError);
    if (Array.isArray(record.errors)) pending.push(...record.errors);
  }
  return false;
}

// On globalThis: proxy.ts, the route handlers, the pages and instrumentation are separate
// bundles with separate copies of this module, but one process.
interface Outage {
  since: number;
  recheckAt: number;
}
const holder = globalThis as unknown as { portalDatabaseOutage?: Outage };

export function markDatabaseUnavailable(now: number = Date.now()): void {
  const since = holder.portalDatabaseOutage?.since ?? now;
  if (!holder.portalDatabaseOutage) log.error("The database is unreachable: answering 503 until it is back");
  holder.portalDatabaseOutage = { since, recheckAt: now + RECHECK_AFTER_MS };
}

export function markDatabaseAvailable(): void {
  if (!holder.portalDatabaseOutage) return;
  const seconds = Math.round((Date.now() - holder.portalDatabaseOutage.since) / 1000);
  log.info("The database is reachable again", { outageSeconds: seconds });
  holder.portalDatabaseOutage = undefined;
}

/** True while a recent failure says the database is down and it has not been seen back since. */
export function databaseKnownUnavailable(now: number = Date.now()): boolean {
  const outage = holder.portalDatabaseOutage;
  return outage !== undefined && now < outage.recheckAt;
}

/** Whether an outage was recorded and not yet cleared (the probe's cue to check again). */
export function databaseOutageRecorded(): boolean {
  return holder.portalDatabaseOutage !== undefined;
}

/** Records a connection failure seen anywhere; returns whether it was one. */
export function noteDatabaseError(error: unknown): boolean {
  if (!isDatabaseUnavailableError(error)) return false;
  markDatabaseUnavailable();
  return true;
}
