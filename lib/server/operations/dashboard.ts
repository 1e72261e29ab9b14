import "server-only";
import { prisma } from "../platform/db";
import { Prisma } from "../../generated/prisma/client";
import { providerForAaguid } from "../passkeys/aaguid";
import { hourOf, type OperationKind } from "./counters";

// The operator dashboard's aggregates: read-only, and each a scan of an index range of the window
// it shows (plus one count below the window's start), so they stay fast at 100,000 accounts.
// Buckets are UTC hours and 24-hour steps back from now, never calendar days: the server does not
// know the reader's zone, and the page labels every bucket with its instant in the reader's own.

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
export const GROWTH_DAYS = 30;
export const RECENT_HOURS = 24;
/** Providers shown by name; the rest are added up as "other". */
export const TOP_PROVIDERS = 8;

/** Totals at one instant: the accounts and passkeys that existed then (and exist still). */
export interface GrowthPoint {
  at: Date;
  accounts: number;
  passkeys: number;
}

export interface ProviderCount {
  /** The provider's name, null for passkeys whose AAGUID names none ("other" groups the rest). */
  provider: string | null;
  other?: boolean;
  passkeys: number;
  synced: number;
}

export interface HourCount {
  /** The start of the hour (UTC). */
  hour: Date;
  count: number;
}

export interface ReasonCount {
  reason: string;
  count: number;
}

export interface SignInHour {
  hour: Date;
  successes: number;
  failures: number;
}

export interface OutboxHealth {
  queued: number;
  failed: number;
  oldestQueuedAt: Date | null;
}

/**
 * Accounts and passkeys at each of GROWTH_DAYS instants a day apart, the last one `now`: the
 * count before the window, then what each day added (deleted ones are no longer counted).
 */
export async function growthOverTime(now: Date): Promise<GrowthPoint[]> {
  const start = new Date(now.getTime() - (GROWTH_DAYS - 1) * DAY_MS);
  const [users, passkeys] = await Promise.all([dailyAdditions("users", start, now), dailyAdditions("passkeys", start, now)]);
  return Array.from({ length: GROWTH_DAYS }, (_, day) => ({
    at: new Date(start.getTime() + day * DAY_MS),
    accounts: users.base + sumUpTo(users.added, day),
    passkeys: passkeys.base + sumUpTo(passkeys.added, day),
  }));
}

function sumUpTo(added: Map<number, number>, day: number): number {
  let total = 0;
  for (const [bucket, count] of added) if (bucket <= day) total += count;
  return total;
}

// A row created in (start + (d-1) days, start + d days] first counts at point d.
async function dailyAdditions(table: "users" | "passkeys", start: Date, now: Date): Promise<{ base: number; added: Map<number, number> }> {
  const from = Prisma.raw(table);
  const rows = await prisma.$queryRaw<{ day: number | null; count: number }[]>`
    SELECT NULL::int AS day, count(*)::int AS count FROM ${from} WHERE created_at <= ${start}
    UNION ALL
    SELECT ceil(extract(epoch FROM created_at - ${start}::timestamptz) / 86400)::int, count(*)::int FROM ${from}
    WHERE created_at > ${start} AND created_at <= ${now} GROUP BY 1`;
  const added = new Map<number, number>();
  let base = 0;
  for (const row of rows) {
    if (row.day === null) base = row.count;
    else added.set(row.day, row.count);
  }
  return { base, added };
}

/** Passkeys per provider (by AAGUID), most first, with how many of each are synced. */
export async function providerMix(): Promise<ProviderCount[]> {
  const rows = await prisma.$queryRaw<{ aaguid: string; passkeys: number; synced: number }[]>`
    SELECT aaguid, count(*)::int AS passkeys, (count(*) FILTER (WHERE backup_eligible))::int AS synced FROM passkeys GROUP BY aaguid`;
  const byName = new Map<string | null, ProviderCount>();
  for (const row of rows) {
    const provider = providerForAaguid(row.aaguid);
    const entry = byName.get(provider) ?? { provider, passkeys: 0, synced: 0 };
    entry.passkeys += row.passkeys;
    entry.synced += row.synced;
    byName.set(provider, entry);
  }
  const sorted = [...byName.values()].sort((a, b) => b.passkeys - a.passkeys || (a.provider ?? "").localeCompare(b.provider ?? ""));
  if (sorted.length <= TOP_PROVIDERS) return sorted;
  const rest = sorted.slice(TOP_PROVIDERS - 1);
  const other = { provider: null, other: true, passkeys: 0, synced: 0 };
  for (const entry of rest) {
    other.passkeys += entry.passkeys;
    other.synced += entry.synced;
  }
  return [...sorted.slice(0, TOP_PROVIDERS - 1), other];
}

/** The RECENT_HOURS hours up to and including the current one. */
export function recentHours(now: Date): Date[] {
  const last = hourOf(now).getTime();
  return Array.from({ length: RECENT_HOURS }, (_, index) => new Date(last - (RECENT_HOURS - 1 - index) * HOUR_MS));
}

/** Passkey sign-ins per hour: successes (their "signed in" entries) and refusals (counted by reason). */
export async function signInsByHour(now: Date): Promise<{ hours: SignInHour[]; reasons: ReasonCount[] }> {
  const hours = recentHours(now);
  const from = hours[0];
  const [successes, failures] = await Promise.all([
    prisma.$queryRaw<{ hour: bigint; count: number }[]>`
      SELECT floor(extract(epoch FROM created_at) / 3600)::bigint AS hour, count(*)::int AS count FROM security_events
      WHERE type = 'signed_in' AND created_at >= ${from} AND created_at <= ${now} AND detail->>'method' = 'passkey'
      GROUP BY 1`,
    countsSince("sign_in_failure", from),
  ]);
  const succeeded = new Map(successes.map((row) => [Number(row.hour) * HOUR_MS, row.count]));
  const failed = totalsByHour(failures);
  return {
    hours: hours.map((hour) => ({ hour, successes: succeeded.get(hour.getTime()) ?? 0, failures: failed.get(hour.getTime()) ?? 0 })),
    reasons: totalsByReason(failures),
  };
}

/** Rate-limit refusals per hour, and per limit over the whole window. */
export async function rateLimitRefusalsByHour(now: Date): Promise<{ hours: HourCount[]; limits: ReasonCount[] }> {
  const hours = recentHours(now);
  const rows = await countsSince("rate_limit_refusal", hours[0]);
  const refused = totalsByHour(rows);
  return { hours: hours.map((hour) => ({ hour, count: refused.get(hour.getTime()) ?? 0 })), limits: totalsByReason(rows) };
}

interface CountRow {
  hour: Date;
  reason: string;
  count: number;
}

function countsSince(kind: OperationKind, from: Date): Promise<CountRow[]> {
  return prisma.$queryRaw<CountRow[]>`SELECT hour, reason, count FROM operation_counts WHERE kind = ${kind} AND hour >= ${from}`;
}

function totalsByHour(rows: CountRow[]): Map<number, number> {
  const totals = new Map<number, number>();
  for (const row of rows) totals.set(row.hour.getTime(), (totals.get(row.hour.getTime()) ?? 0) + row.count);
  return totals;
}

function totalsByReason(rows: CountRow[]): ReasonCount[] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.reason, (totals.get(row.reason) ?? 0) + row.count);
  return [...totals].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** Messages waiting to be delivered, messages that gave up, and how long the oldest waiting one has waited. */
export async function outboxHealth(): Promise<OutboxHealth> {
  const [row] = await prisma.$queryRaw<{ queued: number; failed: number; oldest: Date | null }[]>`
    SELECT (count(*) FILTER (WHERE failed_at IS NULL))::int AS queued, (count(*) FILTER (WHERE failed_at IS NOT NULL))::int AS failed,
      min(created_at) FILTER (WHERE failed_at IS NULL) AS oldest
    FROM outbox_emails WHERE sent_at IS NULL`;
  return { queued: row.queued, failed: row.failed, oldestQueuedAt: row.oldest };
}

export interface OperationsOverview {
  now: Date;
  growth: GrowthPoint[];
  providers: ProviderCount[];
  signIns: { hours: SignInHour[]; reasons: ReasonCount[] };
  refusals: { hours: HourCount[]; limits: ReasonCount[] };
  outbox: OutboxHealth;
}

/** Everything /operator shows, as of `now`. */
export async function operationsOverview(now: Date = new Date()): Promise<OperationsOverview> {
  const [growth, providers, signIns, refusals, outbox] = await Promise.all([
    growthOverTime(now),
    providerMix(),
    signInsByHour(now),
    rateLimitRefusalsByHour(now),
    outboxHealth(),
  ]);
  return { now, growth, providers, signIns, refusals, outbox };
}
