// Benchmark: how many sign-up and sign-in ceremonies per second the server-side code completes
// (options → software authenticator → verify → session), on the configured database.
// Usage: npm run bench [-- <iterations>]   (DATABASE_URL=postgres://… for PostgreSQL)
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

process.env.ORIGINS ??= "http://localhost:3000";
process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "portal-bench-"));
const iterations = Number(process.argv[2] ?? 200);

const { databaseTargetFromEnv, openPrisma } = await import("../lib/database");
const { migrateTarget } = await import("../lib/migrations");
const target = databaseTargetFromEnv();
await migrateTarget(target);
const database = openPrisma(target);
(globalThis as unknown as { portalDatabase: typeof database }).portalDatabase = database;

const { startSignUp, finishSignUp } = await import("../lib/registration");
const { startAuthentication, verifyAssertion } = await import("../lib/authentication");
const { openSignInSession } = await import("../lib/sign-in-session");
const { createSoftwareAuthenticator } = await import("../lib/testing/software-authenticator");

const origin = process.env.ORIGINS.split(",")[0];
const run = `${Date.now().toString(36)}`;
const deviceId = "bench-device-0000000000";
const client = { userAgent: "bench", ipAddress: null };
const authenticators = Array.from({ length: iterations }, () => createSoftwareAuthenticator());

function report(label: string, durations: number[]): void {
  const sorted = [...durations].sort((a, b) => a - b);
  const total = durations.reduce((sum, value) => sum + value, 0);
  const at = (q: number): string => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
  console.log(`${label.padEnd(10)} n=${durations.length}  ${(1000 / (total / durations.length)).toFixed(0)}/s sequential  p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  max ${at(1)} ms`);
}

const signUps: number[] = [];
for (let i = 0; i < iterations; i++) {
  const started = performance.now();
  const options = await startSignUp({ email: `bench-${run}-${i}@example.com`, displayName: `Bench ${i}`, binding: deviceId });
  const response = await authenticators[i].createCredential(options, { origin });
  await finishSignUp(response, { deviceId, client });
  signUps.push(performance.now() - started);
}

const signIns: number[] = [];
for (let i = 0; i < iterations; i++) {
  const started = performance.now();
  const options = await startAuthentication({ binding: deviceId });
  const response = await authenticators[i].getAssertion(options, { origin });
  const { user, passkey } = await verifyAssertion(response, "authentication", { binding: deviceId });
  await openSignInSession({ userId: user.id, passkey, method: "passkey", deviceId, client });
  signIns.push(performance.now() - started);
}

console.log(`Database: ${target.databaseUrl ? "PostgreSQL" : `PGlite (${target.pgliteDir})`}`);
report("sign-up", signUps);
report("sign-in", signIns);
await database.close();
