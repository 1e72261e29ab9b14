// A PostgreSQL cluster of the test's own, in a temporary folder on a free port, that the test may
// stop and start again (the shared TEST_POSTGRES_URL server must never be stopped). Needs
// Debian's postgresql package; as root the server runs as the postgres user, which initdb demands.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { freePort } from "./production-server";

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  stop(): void;
  start(): void;
  /** Stops the server and deletes its data folder. */
  destroy(): void;
}

/** The bin folder of the newest installed PostgreSQL, or null when there is none. */
export function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((version) => existsSync(path.join(root, version, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], "bin") : null;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)");
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "portal-pg-"));
  const dataDir = path.join(dir, "data");
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const postgresUid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const postgresGid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, postgresUid, postgresGid);
    chmodSync(dir, 0o700);
  }
  const run = (tool: string, args: string[]): void => {
    const command = asRoot ? "runuser" : path.join(bin, tool);
    const fullArgs = asRoot ? ["-u", "postgres", "--", path.join(bin, tool), ...args] : args;
    execFileSync(command, fullArgs, { stdio: "pipe" });
  };
  run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync"]);
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off`;
  const start = (): void => run("pg_ctl", ["start", "-w", "-D", dataDir, "-l", path.join(dir, "log"), "-o", options]);
  const stop = (): void => run("pg_ctl", ["stop", "-w", "-m", "fast", "-D", dataDir]);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy() {
      try {
        stop();
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
