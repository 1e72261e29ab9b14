// `npm run bench -- --smoke`: the benchmark, in a run of a few seconds per scenario, starts its
// servers, completes every scenario and prints every figure. Speeds are printed, never asserted.
import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createEmptyDatabase } from "@/lib/testing/database";

const serverUrl = process.env.TEST_POSTGRES_URL;
const SCENARIOS = ["floor", "sign-up", "sign-in", "page"];
const NUMBER = String.raw`\d+(?:\.\d+)?`;

function runBench(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "--import", "./scripts/bench/server-only-hook.mjs", "scripts/bench.ts", "--smoke", ...args],
      { env: { ...process.env, ...env }, timeout: 240_000, maxBuffer: 10 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: stdout + stderr }),
    );
  });
}

function expectFiguresForEveryScenario(output: string, clients: number): void {
  for (const scenario of SCENARIOS) {
    // clients, scenario, ops, requests, ops/s, p50, p95, p99, × floor, CPU ms/op
    const row = new RegExp(`^${clients}\\s+${scenario}\\s+[1-9]\\d*\\s+[1-9]\\d*(?:\\s+${NUMBER}){5}\\s+(?:${NUMBER}|-)$`, "m");
    expect(output, `no figures for ${scenario} at ${clients} clients`).toMatch(row);
  }
}

describe("npm run bench -- --smoke", () => {
  it("on PGlite: every scenario, the page weight, then seeding with the hot queries' plans", async () => {
    const { code, output } = await runBench(["--clients", "2", "--seed", "300"], { DATABASE_URL: "" });
    expect(code, output).toBe(0);
    expectFiguresForEveryScenario(output, 2);
    expect(output).toMatch(new RegExp(`First-load JS: /signin ${NUMBER} gzip bytes, a bare page ${NUMBER}`));
    expect(output).toContain("Hot queries on the seeded database");
    expect(output).toMatch(/Index Scan using passkeys_credential_id_key/);
    expect(output).toMatch(new RegExp(`Sign-in p50 at 2 clients: ${NUMBER} ms before seeding, ${NUMBER} ms with 300 accounts`));
  });

  it.runIf(serverUrl)("on PostgreSQL, two instances: every scenario and DB transactions per sign-in", async () => {
    const database = await createEmptyDatabase(serverUrl ?? "", "bench");
    try {
      const { code, output } = await runBench(["--clients", "2", "--instances", "2"], { DATABASE_URL: database.url });
      expect(code, output).toBe(0);
      expectFiguresForEveryScenario(output, 2);
      // Options is one transaction, verify two: anything far from 3 means the figure is wrong.
      const perSignIn = Number(/DB transactions per sign-in: (\d+\.\d+)/.exec(output)?.[1]);
      expect(perSignIn, output).toBeGreaterThanOrEqual(2.5);
      expect(perSignIn, output).toBeLessThan(4.5);
    } finally {
      await database.drop();
    }
  });
});
