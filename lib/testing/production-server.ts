// Starts the portal as `npm start` does (configuration check, migrations, build when stale,
// scripts/serve.mjs) on a port of its own, for system tests and the benchmark. Several may
// share one PostgreSQL database: give them the same AUTH_SECRET and ORIGINS, as instances
// behind one load balancer would have.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export interface ProductionServer {
  /** Where this instance listens, e.g. http://127.0.0.1:41234. */
  url: string;
  /** The serve.mjs process (the one doing the work), for CPU readings. */
  pid: number;
  /** Everything the server printed so far. */
  output(): string;
  /** SIGTERM, then waits for the process to exit; resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface ProductionServerOptions {
  /** postgres://… to share a server; without it, a fresh PGlite folder. */
  databaseUrl?: string;
  /** The origin ceremonies are bound to; instances of one deployment share it. */
  origin: string;
  authSecret: string;
  /** Extra environment (TRUSTED_PROXIES, SESSION_IDLE_MINUTES, …). */
  env?: Record<string, string>;
  /** How long to wait for /api/health (a first start also builds the app). */
  readyTimeoutMs?: number;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startProductionServer(options: ProductionServerOptions): Promise<ProductionServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let printed = "";
  // serve.mjs directly after start.ts's checks would skip the build check; start.ts forwards
  // signals to serve.mjs, so the launcher and the server stop together.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "start.ts")], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      ORIGINS: options.origin,
      AUTH_SECRET: options.authSecret,
      DATABASE_URL: options.databaseUrl ?? "",
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "portal-server-")),
      PGLITE_DIR: "",
      RP_ID: "",
      SMTP_URL: "",
      DEV_MAILBOX: "false",
      // What production logs (a line per request): the system tests read it, the benchmark pays for it.
      LOG_LEVEL: "info",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const deadline = Date.now() + (options.readyTimeoutMs ?? 600_000);
  for (;;) {
    if (hasExited) throw new Error(`The server exited before it was ready:\n${printed}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The server was not ready in time:\n${printed}`);
    }
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    url,
    pid: serverPid(child.pid ?? 0),
    output: () => printed,
    async stop(signal = "SIGTERM") {
      if (!hasExited) child.kill(signal);
      return exited;
    },
  };
}

/** The serve.mjs child of the start.ts launcher (Linux: read from /proc), or the launcher itself. */
function serverPid(launcher: number): number {
  try {
    const children = readFileSync(`/proc/${launcher}/task/${launcher}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    return children.length ? Number(children[0]) : launcher;
  } catch {
    return launcher;
  }
}
