// The benchmark's command line: npm run bench -- [--clients 1,8,32] [--duration 10] [--instances 2]
// [--seed 100000] [--smoke] [--pin-postgres] [--no-pin]; DATABASE_URL selects PostgreSQL.
export interface BenchOptions {
  /** postgres://… (the database every instance shares); undefined: PGlite in a temp folder. */
  databaseUrl?: string;
  instances: number;
  /** Concurrent closed-loop clients, one level after another. */
  clients: number[];
  /** Measured seconds per scenario and level. */
  durationSeconds: number;
  /** Seed this many accounts after the main run and measure sign-in again (0: no seeding). */
  seed: number;
  /** A tiny run that only proves every part works (the test suite's smoke test). */
  smoke: boolean;
  /** Pin the servers and this process to their own cores (when taskset exists). */
  pin: boolean;
  /** Also pin a local PostgreSQL server to the servers' core: only for a server nobody else uses. */
  pinPostgres: boolean;
}

const USAGE = `Usage: npm run bench -- [--clients 1,8,32] [--duration <seconds>] [--instances <n>] [--seed <accounts>] [--smoke] [--pin-postgres] [--no-pin]
  DATABASE_URL=postgres://… selects PostgreSQL (required for --instances above 1); without it, PGlite in a temp folder.`;

export class UsageError extends Error {
  constructor(problem: string) {
    super(`${problem}\n${USAGE}`);
  }
}

function wholeNumber(flag: string, value: string | undefined, min: number): number {
  const number = Number(value);
  if (value === undefined || !Number.isInteger(number) || number < min) throw new UsageError(`${flag} needs a whole number of at least ${min} (got "${value ?? ""}").`);
  return number;
}

export function parseBenchOptions(argv: string[], env: Record<string, string | undefined> = process.env): BenchOptions {
  const smoke = argv.includes("--smoke");
  const options: BenchOptions = {
    databaseUrl: env.DATABASE_URL || undefined,
    instances: 1,
    clients: smoke ? [1, 4] : [1, 8, 32],
    durationSeconds: smoke ? 1 : 10,
    seed: 0,
    smoke,
    pin: true,
    pinPostgres: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === "--smoke") continue;
    else if (flag === "--no-pin") options.pin = false;
    else if (flag === "--pin-postgres") options.pinPostgres = true;
    else if (flag === "--clients") {
      options.clients = (value ?? "").split(",").map((part) => wholeNumber("--clients", part.trim(), 1));
      i += 1;
    } else if (flag === "--duration") {
      options.durationSeconds = wholeNumber("--duration", value, 1);
      i += 1;
    } else if (flag === "--instances") {
      options.instances = wholeNumber("--instances", value, 1);
      i += 1;
    } else if (flag === "--seed") {
      options.seed = wholeNumber("--seed", value, 1);
      i += 1;
    } else throw new UsageError(`Unknown option "${flag}".`);
  }
  if (options.instances > 1 && !options.databaseUrl) {
    throw new UsageError("Several instances need one PostgreSQL database to share: set DATABASE_URL (PGlite is one process's own).");
  }
  return options;
}
