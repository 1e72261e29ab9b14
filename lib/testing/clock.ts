// Instants and zones where date code tends to break, for tests that fake the clock
// (vi.useFakeTimers({ toFake: ["Date"] })), and the database's own clock, which no fake reaches.
import { prisma } from "../server/platform/db";

/** Instants at which a calendar, a zone offset or a clock change is about to catch date code out. */
export const AWKWARD_INSTANTS = {
  "1 January 00:00:30 in Berlin, still 31 December in UTC": new Date("2026-12-31T23:00:30Z"),
  "New Year's Eve 23:59:30 in New York, already 1 January in UTC": new Date("2027-01-01T04:59:30Z"),
  "29 February 23:59:30 in New York, already 1 March in UTC": new Date("2028-03-01T04:59:30Z"),
  "28 February 23:59:30 UTC, already 1 March in Tokyo": new Date("2027-02-28T23:59:30Z"),
  "03:00:30 in Berlin, just after the clocks went forward": new Date("2027-03-28T01:00:30Z"),
  "the second 01:30 in New York, after the clocks went back": new Date("2026-11-01T06:30:00Z"),
} as const;

/** Zones a reader (or a server) may be in: whole, half and three-quarter hour offsets, with and without DST. */
export const READER_TIME_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "America/St_Johns", "Pacific/Chatham"] as const;

/** Runs `body` with the process's local time zone set to `zone` (Node applies a changed TZ at once). */
export function inTimeZone<T>(zone: string, body: () => T): T {
  const previous = process.env.TZ;
  process.env.TZ = zone;
  try {
    if (Intl.DateTimeFormat().resolvedOptions().timeZone !== zone) throw new Error(`The process did not switch to time zone ${zone}`);
    return body();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}

/**
 * The database's clock, which sets column defaults and `now()` in SQL. Compare times the
 * database wrote with this, not with Date.now(): a PostgreSQL server may run on another
 * machine whose clock is a little off, and fake timers never reach it.
 */
export async function databaseNow(): Promise<Date> {
  const [row] = await prisma.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
  return row.now;
}
