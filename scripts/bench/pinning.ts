// One core for the portal (and, when asked, its PostgreSQL), the other for this load generator:
// otherwise the clients' signing and HTTP work is taken from the server being measured.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import pg from "pg";

export const SERVER_CPU = 0;
export const LOAD_CPU = 1;

function taskset(args: string[]): string | null {
  try {
    return execFileSync("taskset", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch {
    return null;
  }
}

/** Whether pinning can work here: taskset exists and there are at least two cores. */
export function canPin(): string | null {
  // cpus(), not availableParallelism(): once this process is pinned, the latter counts one.
  if (cpus().length < 2) return "only one core";
  if (taskset(["-pc", String(process.pid)]) === null) return "taskset is not available";
  return null;
}

/** Pins every thread of a process to one core. */
export function pin(pid: number, cpu: number): boolean {
  return taskset(["-a", "-pc", String(cpu), String(pid)]) !== null;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function isLocal(databaseUrl: string): boolean {
  const host = new URL(databaseUrl).hostname;
  return host === "" || host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

export interface PinnedPostgres {
  description: string;
  /** Gives the postmaster and its backends back the cores they had. */
  restore(): void;
}

/**
 * Pins a local PostgreSQL server (postmaster and its running backends; new backends inherit
 * the postmaster's affinity) to `cpu`, found through this connection's backend process.
 */
export async function pinPostgres(databaseUrl: string, cpu: number): Promise<PinnedPostgres | string> {
  if (!isLocal(databaseUrl)) return "PostgreSQL not pinned: its server is not on this machine";
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let postmaster: number;
  try {
    const [{ pid }] = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows;
    // Read while the connection is open: its backend exits with it.
    postmaster = Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1]);
  } catch {
    return "PostgreSQL not pinned: its processes are not visible from here";
  } finally {
    await client.end();
  }
  const original = /: (\S+)\s*$/.exec(taskset(["-pc", String(postmaster)]) ?? "")?.[1];
  if (!original || !pin(postmaster, cpu)) return "PostgreSQL not pinned: taskset may not change its processes";
  for (const child of childrenOf(postmaster)) pin(child, cpu);
  return {
    description: `PostgreSQL (postmaster ${postmaster} and its backends) pinned to CPU ${cpu}; restored to ${original} afterwards`,
    restore() {
      taskset(["-a", "-pc", original, String(postmaster)]);
      for (const child of childrenOf(postmaster)) taskset(["-a", "-pc", original, String(child)]);
    },
  };
}
