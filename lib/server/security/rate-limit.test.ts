import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { prisma } from "../platform/db";
import { UserFacingError } from "../platform/errors";
import { enforceRateLimits, hit, LIMITS, pruneRateLimits, type RateLimit } from "./rate-limit";
import { uniqueEmail } from "../../testing/unique-email";

let limitCounter = 0;

/** A limit of its own for each test, so counts never leak between tests. */
function testLimit(limit: number, windowSeconds = 60): RateLimit {
  limitCounter += 1;
  return { name: `test-${limitCounter}-${Date.now()}`, limit, windowSeconds };
}

async function hitTimes(limit: RateLimit, key: string, times: number): Promise<boolean[]> {
  const allowed: boolean[] = [];
  for (let i = 0; i < times; i += 1) allowed.push((await hit(limit, key)).allowed);
  return allowed;
}

/**
 * Seconds since `start` (a Date.now()), by the test's clock. A window's remaining time shrinks by
 * at most this much while a test runs, however slow the machine: bounds use it, not a guess.
 */
function secondsSince(start: number): number {
  return (Date.now() - start) / 1000;
}

/** Moves the limit's windows back in time, as if that many seconds had passed. */
async function age(limit: RateLimit, seconds: number): Promise<void> {
  await prisma.$executeRaw`UPDATE rate_limits SET window_start = window_start - make_interval(secs => ${seconds}) WHERE key LIKE ${`${limit.name}:%`}`;
}

async function rowsOf(limit: RateLimit) {
  return prisma.rateLimit.findMany({ where: { key: { startsWith: `${limit.name}:` } } });
}

describe("hit", () => {
  it("allows `limit` requests in a window, then refuses with the time left in the window", async () => {
    const limit = testLimit(3, 120);
    const started = Date.now();

    const results = [];
    for (let i = 0; i < 5; i += 1) results.push(await hit(limit, "198.51.100.1"));

    expect(results.map((result) => [result.allowed, result.count])).toEqual([
      [true, 1],
      [true, 2],
      [true, 3],
      [false, 4],
      [false, 5],
    ]);
    for (const { retryAfterSeconds } of results) {
      expect(retryAfterSeconds).toBeGreaterThan(0);
      expect(retryAfterSeconds).toBeLessThanOrEqual(120);
    }
    // A minute into the window, a minute is left, less whatever the test itself took.
    await age(limit, 60);
    const later = await hit(limit, "198.51.100.1");
    expect(later.allowed).toBe(false);
    expect(later.retryAfterSeconds).toBeGreaterThanOrEqual(60 - secondsSince(started));
    expect(later.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("counts each key and each limit separately, and an email whatever its case", async () => {
    const perAccount = testLimit(2);
    const perIp = testLimit(5);

    expect(await hitTimes(perAccount, "alice@example.com", 3)).toEqual([true, true, false]);
    expect(await hitTimes(perAccount, "bob@example.com", 2)).toEqual([true, true]);
    expect(await hitTimes(perIp, "alice@example.com", 5)).toEqual([true, true, true, true, true]);
    expect((await hit(perAccount, "ALICE@Example.com")).allowed).toBe(false);
  });

  it("starts a new window once the old one has passed", async () => {
    const limit = testLimit(2, 600);
    expect(await hitTimes(limit, "key", 3)).toEqual([true, true, false]);

    await age(limit, 500);
    expect((await hit(limit, "key")).allowed).toBe(false);

    await age(limit, 101);
    const fresh = await hit(limit, "key");
    expect(fresh).toMatchObject({ allowed: true, count: 1 });
    expect(fresh.retryAfterSeconds).toBeGreaterThanOrEqual(590);
    expect(await hitTimes(limit, "key", 2)).toEqual([true, false]);
  });

  it("stores a digest of the key, never the email or IP address itself", async () => {
    const limit = testLimit(5);
    const email = uniqueEmail("private");
    await hit(limit, email);
    await hit(limit, "203.0.113.77");

    const rows = await rowsOf(limit);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.key).toMatch(new RegExp(`^${limit.name}:[A-Za-z0-9_-]{43}$`));
      expect(row.key).not.toContain(email.split("@")[0]);
      expect(row.key).not.toContain("203.0.113.77");
    }
  });

  it("keys the digest with the server secret, so a guessed email cannot be confirmed from the table", async () => {
    const limit = testLimit(5);
    const email = uniqueEmail("keyed");
    await hit(limit, email);
    vi.stubEnv("AUTH_SECRET", "another-secret-that-is-long-enough-for-the-portal-0123");
    vi.resetModules();
    try {
      const otherInstance = await import("./rate-limit");
      await otherInstance.hit(limit, email);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }

    const keys = (await rowsOf(limit)).map((row) => row.key.slice(limit.name.length + 1));
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
    expect(keys).not.toContain(createHash("sha256").update(email).digest("base64url"));
  });

  it("counts per-IP limits per /64 network for IPv6, and per address for IPv4", async () => {
    const perIp: RateLimit = { ...testLimit(2), perIp: true };
    expect(await hitTimes(perIp, "2001:db8:5:6::1", 1)).toEqual([true]);
    expect(await hitTimes(perIp, "2001:0db8:0005:0006:ffff::abcd", 2)).toEqual([true, false]);
    expect(await hitTimes(perIp, "2001:db8:5:7::1", 1)).toEqual([true]);
    expect(await hitTimes(perIp, "198.51.100.1", 2)).toEqual([true, true]);
    expect(await hitTimes(perIp, "198.51.100.2", 1)).toEqual([true]);

    // Account limits take their keys as they are.
    const perAccount = testLimit(1);
    expect(await hitTimes(perAccount, "2001:db8:5:6::1", 1)).toEqual([true]);
    expect(await hitTimes(perAccount, "2001:db8:5:6::2", 1)).toEqual([true]);
  });

  it("counts 50 simultaneous requests exactly", async () => {
    const limit = testLimit(20);

    const results = await Promise.all(Array.from({ length: 50 }, () => hit(limit, "burst")));

    expect(results.map((result) => result.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(results.filter((result) => result.allowed)).toHaveLength(20);
    expect(await rowsOf(limit)).toEqual([expect.objectContaining({ count: 50 })]);
  });

  it.skipIf(!process.env.TEST_POSTGRES_URL)(
    "holds across two app processes sharing one database (PostgreSQL only: PGlite cannot be shared between processes)",
    async () => {
      const limit = testLimit(25);
      const [{ name }] = await prisma.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
      const url = new URL(process.env.TEST_POSTGRES_URL ?? "");
      url.pathname = `/${name}`;

      const workers = [startWorker(url.toString(), limit, 40), startWorker(url.toString(), limit, 40)];
      await Promise.all(workers.map((worker) => worker.ready));
      for (const worker of workers) worker.go();
      const [first, second] = await Promise.all(workers.map((worker) => worker.result));

      // One shared window: together they were allowed exactly the limit, and every hit saw its own
      // count (none lost to a race). Which instance got how many depends on scheduling, so it is
      // not asserted: on a busy machine one process can finish before the other starts.
      expect(first.allowed + second.allowed).toBe(25);
      expect([...first.counts, ...second.counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    },
    60_000,
  );
});

interface Worker {
  ready: Promise<void>;
  go(): void;
  result: Promise<{ allowed: number; counts: number[] }>;
}

function startWorker(databaseUrl: string, limit: RateLimit, hits: number): Worker {
  const tsx = path.resolve("node_modules/.bin/tsx");
  const script = path.resolve("lib/testing/rate-limit-worker.ts");
  const child = spawn(tsx, ["--conditions=react-server", script, databaseUrl, JSON.stringify(limit), "shared-key", String(hits)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith("ready\n")) markReady();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const result = new Promise<{ allowed: number; counts: number[] }>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`rate-limit worker exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.slice("ready\n".length)) as { allowed: number; counts: number[] });
    });
  });
  return {
    ready: Promise.race([ready, result.then(() => undefined)]),
    go: () => child.stdin.end("go\n"),
    result,
  };
}

describe("enforceRateLimits", () => {
  it("refuses with 429, a retry time and a sentence once any limit is exhausted", async () => {
    const generous = testLimit(100);
    const strict = testLimit(1, 900);
    await enforceRateLimits([
      [generous, "ip"],
      [strict, "account"],
    ]);

    const error = await enforceRateLimits([
      [generous, "ip"],
      [strict, "account"],
    ]).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(UserFacingError);
    expect(error).toMatchObject({ status: 429, code: "rate_limited" });
    const { retryAfterSeconds, message } = error as UserFacingError;
    expect(retryAfterSeconds).toBeGreaterThan(840);
    expect(retryAfterSeconds).toBeLessThanOrEqual(900);
    expect(message).toBe("Too many attempts. For your security, please wait 15 minutes and try again.");
  });

  it("says seconds when less than a minute is left", async () => {
    const limit = testLimit(1, 30);
    const started = Date.now();
    await enforceRateLimits([[limit, "key"]]);
    const error = await enforceRateLimits([[limit, "key"]]).catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(UserFacingError);
    const seconds = Number(/please wait (\d+) seconds? and try again\.$/.exec((error as Error).message)?.[1]);
    expect(seconds).toBe((error as UserFacingError).retryAfterSeconds);
    expect(seconds).toBeGreaterThanOrEqual(30 - secondsSince(started));
    expect(seconds).toBeLessThanOrEqual(30);
  });

  it("skips limits whose key is unknown", async () => {
    const limit = testLimit(1);
    for (let i = 0; i < 3; i += 1) {
      await enforceRateLimits([
        [limit, null],
        [limit, undefined],
        [limit, ""],
      ]);
    }
    expect(await rowsOf(limit)).toEqual([]);
  });

  it("gives every configured limit its own name, so no two share a counter", () => {
    expect(new Set(Object.values(LIMITS).map((limit) => limit.name)).size).toBe(Object.keys(LIMITS).length);
  });
});

describe("pruneRateLimits", () => {
  it("forgets windows that started long ago and keeps current ones", async () => {
    const old = testLimit(5);
    const current = testLimit(5);
    await hit(old, "key");
    await hit(current, "key");
    await age(old, 2 * 24 * 60 * 60);

    expect(await pruneRateLimits()).toBeGreaterThanOrEqual(1);
    expect(await rowsOf(old)).toEqual([]);
    expect(await rowsOf(current)).toHaveLength(1);
  });
});
