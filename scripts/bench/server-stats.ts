// What the servers spent: CPU time from /proc, and on PostgreSQL the transactions the database
// counted (pg_stat_database).
import { readFileSync } from "node:fs";
import pg from "pg";

// Linux reports utime and stime in clock ticks: USER_HZ, 100 on every mainstream kernel.
const MS_PER_TICK = 10;

/** User + system CPU time of these processes (all their threads) so far, in ms; null off Linux. */
export function cpuMs(pids: number[]): number | null {
  try {
    return pids.reduce((total, pid) => {
      // Fields after the command name, which may itself hold spaces and parentheses.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return total + (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
    }, 0);
  } catch {
    return null;
  }
}

// Backends send their counters to the shared statistics lazily: at most once a second while
// busy, and an idle backend only after up to 10 s (PGSTAT_IDLE_INTERVAL). Waiting that long
// before each reading makes the counts complete.
export const PG_STAT_FLUSH_MS = 11_000;

/** Committed + rolled-back transactions of this database so far, as pg_stat_database counts them. */
export async function transactionCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      `SELECT pg_stat_clear_snapshot(), (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()) AS count`,
    );
    return Number(rows[0].count);
  } finally {
    await client.end();
  }
}
