// `npm run bench`: an HTTP benchmark of production servers it starts itself (`npm start` on
// PGlite, or on PostgreSQL via DATABASE_URL), driven by closed-loop virtual people with the
// software authenticator. For 1, 8 and 32 clients it measures sign-up, sign-in (to a session
// cookie) and a signed-in page load against the floor: /api/health of the same build, at the
// same concurrency, in the same run, because this machine's speed drifts by a third within an
// hour and only the ratio to the floor compares across runs. Options: scripts/bench/options.ts;
// README "Benchmark".
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { measurePageWeight, SIGNIN_EXTRA_GZIP_BUDGET } from "./page-weight";
import { closedLoop, percentile, repeat } from "./bench/load";
import { fixed, HEADER, printRow, type Row } from "./bench/report";
import { seedAndExplain } from "./bench/scale";
import { parseBenchOptions, UsageError, type BenchOptions } from "./bench/options";
import { canPin, LOAD_CPU, pin, pinPostgres, SERVER_CPU, type PinnedPostgres } from "./bench/pinning";
import { health, loadAccount, newPerson, ORIGIN, signInAgain, type Person } from "./bench/scenarios";
import { cpuMs, PG_STAT_FLUSH_MS, transactionCount } from "./bench/server-stats";
import { startProductionServer, type ProductionServer } from "../lib/testing/production-server";

let options: BenchOptions;
try {
  options = parseBenchOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  process.exit(2);
}

const authSecret = randomBytes(32).toString("base64url");
// The hot-query builders (--seed) read the same configuration as the servers.
process.env.ORIGINS = ORIGIN;
process.env.AUTH_SECRET = authSecret;
const pgliteDir = options.databaseUrl ? undefined : mkdtempSync(path.join(tmpdir(), "portal-bench-pglite-"));
const maxClients = Math.max(...options.clients);
// Enough for the JIT to settle: with 300 health checks the first floor measured ran at half speed.
const warmUp = options.smoke ? { health: 20, ceremonies: 5 } : { health: 3000, ceremonies: 300 };
let servers: ProductionServer[] = [];
let pinnedPostgres: PinnedPostgres | undefined;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const serverFor = (client: number): string => servers[client % servers.length].url;

async function startServers(): Promise<void> {
  // One after the other: with a stale build, the first start builds and the second reuses it.
  for (let i = 0; i < options.instances; i += 1) {
    servers.push(
      await startProductionServer({
        origin: ORIGIN,
        authSecret,
        databaseUrl: options.databaseUrl,
        env: { TRUSTED_PROXIES: "1", ...(pgliteDir ? { PGLITE_DIR: pgliteDir } : {}) },
      }),
    );
  }
  if (!options.pin) return;
  const unpinnable = canPin();
  if (unpinnable) return console.log(`Not pinned: ${unpinnable}.`);
  for (const server of servers) console.log(`Server ${server.url} (pid ${server.pid}) ${pin(server.pid, SERVER_CPU) ? "pinned" : "could not be pinned"} to CPU ${SERVER_CPU}.`);
}

async function stopServers(): Promise<void> {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
}

async function pinEverything(): Promise<void> {
  if (!options.pin || canPin()) return;
  console.log(`Load generator (pid ${process.pid}) ${pin(process.pid, LOAD_CPU) ? "pinned" : "could not be pinned"} to CPU ${LOAD_CPU}.`);
  if (!options.databaseUrl) return console.log("PGlite runs inside each server, on its core.");
  if (!options.pinPostgres) return console.log("PostgreSQL not pinned (--pin-postgres pins a local server you alone use).");
  const pinned = await pinPostgres(options.databaseUrl, SERVER_CPU);
  if (typeof pinned === "string") return console.log(pinned);
  pinnedPostgres = pinned;
  console.log(pinned.description);
}

async function measure(clients: number, scenario: string, requestsPerOp: number, op: (client: number) => Promise<void>): Promise<Row> {
  const pids = servers.map((server) => server.pid);
  const cpuBefore = cpuMs(pids);
  const result = await closedLoop(clients, options.durationSeconds * 1000, op);
  const cpuAfter = cpuMs(pids);
  const cpuMsPerOp = cpuBefore === null || cpuAfter === null || result.ops === 0 ? null : (cpuAfter - cpuBefore) / result.ops;
  return { clients, scenario, result, requests: result.ops * requestsPerOp, cpuMsPerOp };
}

async function warmUpServers(people: Person[]): Promise<void> {
  await repeat(warmUp.health * servers.length, 8, (i) => health(serverFor(i)));
  await repeat(warmUp.ceremonies, 8, async (i) => void (await newPerson(serverFor(i))));
  // In rounds: one browser never runs two ceremonies at once (they would share its cookie jar).
  for (let round = 0; round < Math.ceil(warmUp.ceremonies / people.length); round += 1) {
    await Promise.all(people.map((person) => signInAgain(person)));
    await Promise.all(people.map((person) => loadAccount(person)));
  }
}

async function measureLevel(clients: number, people: Person[]): Promise<void> {
  const floor = await measure(clients, "floor", 1, (client) => health(serverFor(client)));
  printRow(floor, floor);
  printRow(await measure(clients, "sign-up", 2, async (client) => void (await newPerson(serverFor(client)))), floor);
  printRow(await measure(clients, "sign-in", 2, (client) => signInAgain(people[client])), floor);
  printRow(await measure(clients, "page", 1, (client) => loadAccount(people[client])), floor);
}

async function measureTransactions(databaseUrl: string, people: Person[]): Promise<void> {
  await sleep(PG_STAT_FLUSH_MS);
  const before = await transactionCount(databaseUrl);
  const result = await closedLoop(maxClients, options.durationSeconds * 1000, (client) => signInAgain(people[client]));
  await sleep(PG_STAT_FLUSH_MS);
  const transactions = (await transactionCount(databaseUrl)) - before;
  console.log(
    `DB transactions per sign-in: ${fixed(transactions / result.ops, 2)} (${transactions} transactions in pg_stat_database over ${result.ops} sign-ins at ${maxClients} clients; ` +
      `background work such as the outbox poll counts too)`,
  );
}

async function measureSignIn(clients: number, people: Person[]): Promise<{ floor: Row; signIn: Row }> {
  console.log(`\n${HEADER}`);
  const floor = await measure(clients, "floor", 1, (client) => health(serverFor(client)));
  printRow(floor, floor);
  const signIn = await measure(clients, "sign-in", 2, (client) => signInAgain(people[client]));
  printRow(signIn, floor);
  return { floor, signIn };
}

// Sign-in just before seeding and just after, each with its floor, so that the machine's drift
// between the two can be divided out.
async function seedAndCompare(clients: number, people: Person[]): Promise<void> {
  console.log(`\nSign-in at ${clients} clients before seeding:`);
  const empty = await measureSignIn(clients, people);
  await stopServers();
  await seedAndExplain({ databaseUrl: options.databaseUrl, pgliteDir: pgliteDir ?? "" }, options.seed);
  await startServers();
  // The restarted instances listen on new ports.
  people.forEach((person, client) => (person.browser.server = serverFor(client)));
  await warmUpServers(people);
  const seeded = await measureSignIn(clients, people);
  const p50 = (row: Row): number => percentile(row.result.latencies, 0.5);
  const raw = p50(seeded.signIn) / p50(empty.signIn);
  const normalized = raw / (p50(seeded.floor) / p50(empty.floor));
  console.log(
    `Sign-in p50 at ${clients} clients: ${fixed(p50(empty.signIn))} ms before seeding, ${fixed(p50(seeded.signIn))} ms with ${options.seed} accounts: ` +
      `${fixed(raw, 2)}× (${fixed(normalized, 2)}× after dividing out the floor's own drift; the goal is at most 1.2×).`,
  );
}

async function main(): Promise<void> {
  console.log(`Benchmark ${new Date().toISOString()}: ${options.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `PGlite (${pgliteDir})`}, ` +
    `${options.instances} instance${options.instances > 1 ? "s, clients round-robin, figures are totals" : ""}; ${options.durationSeconds} s per scenario.`);
  await startServers();
  await pinEverything();
  const weight = await measurePageWeight(servers[0].url);
  console.log(`First-load JS: /signin ${weight.page.gzipBytes} gzip bytes, a bare page ${weight.bare.gzipBytes}: ${weight.extraGzipBytes} more (budget ${SIGNIN_EXTRA_GZIP_BUDGET}).`);
  const people: Person[] = [];
  await repeat(maxClients, 8, async (client) => void (people[client] = await newPerson(serverFor(client))));
  await warmUpServers(people);
  console.log(`\n${HEADER}`);
  for (const clients of options.clients) await measureLevel(clients, people);
  console.log("sign-in: options + verify to a session cookie; page: GET /account signed in; floor: GET /api/health. CPU: all server processes, per op.");
  if (options.databaseUrl) await measureTransactions(options.databaseUrl, people);
  else console.log("DB transactions per sign-in: only on PostgreSQL (pg_stat_database).");
  if (options.seed > 0) await seedAndCompare(options.clients.includes(8) ? 8 : maxClients, people);
}

// However the run ends (Ctrl-C, a closed pipe, a crash), the servers stop and a pinned
// PostgreSQL gets its cores back: both are synchronous calls, as an exit handler needs.
process.on("exit", () => {
  for (const server of servers) void server.stop();
  pinnedPostgres?.restore();
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => process.exit(130));

try {
  await main();
} catch (error) {
  console.error(`\nBenchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await stopServers();
  pinnedPostgres?.restore();
  pinnedPostgres = undefined;
  if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
}
