import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { recordEvent } from "../activity/activity";
import { prisma } from "../platform/db";
import { enforceRateLimits, LIMITS } from "../security/rate-limit";
import { AWKWARD_INSTANTS } from "../../testing/clock";
import { addPasskeyTo, createUser, signUpAccount } from "../../testing/factories";
import { uniqueEmail } from "../../testing/unique-email";
import { countOperation, hourOf, settleOperationCounts } from "./counters";
import { GROWTH_DAYS, growthOverTime, outboxHealth, providerMix, rateLimitRefusalsByHour, RECENT_HOURS, signInsByHour } from "./dashboard";

// The aggregates on a fake app clock (every row these tests count takes its time from it) and
// the real database. Other tests in this file add rows at their own instants, so each test
// compares its own window before and after, or picks instants nobody else uses.

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const NO_CLIENT = { userAgent: null, ipAddress: null };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
});

afterEach(() => {
  vi.useRealTimers();
});

async function at<T>(instant: Date, work: () => Promise<T>): Promise<T> {
  vi.setSystemTime(instant);
  return work();
}

describe("accounts and passkeys over time", () => {
  it("counts what existed at each of 30 instants a day apart, the last one now, including a row made exactly at one", async () => {
    const now = new Date("2031-05-20T10:15:00Z");
    await at(new Date(now.getTime() - 40 * DAY), () => createUser());
    const before = await growthOverTime(now);

    const tenDaysAgo = new Date(now.getTime() - 10 * DAY);
    const account = await at(tenDaysAgo, () => signUpAccount());
    await at(new Date(tenDaysAgo.getTime() + HOUR), () => addPasskeyTo(account.user));
    await at(new Date(now.getTime() - 1000), () => createUser());
    await at(new Date(now.getTime() + 1000), () => createUser());
    const growth = await growthOverTime(now);

    expect(growth).toHaveLength(GROWTH_DAYS);
    expect(growth.at(-1)?.at).toEqual(now);
    expect(growth[0].at).toEqual(new Date(now.getTime() - (GROWTH_DAYS - 1) * DAY));
    const added = growth.map((point, index) => [point.accounts - before[index].accounts, point.passkeys - before[index].passkeys]);
    // Point 19 is exactly ten days ago: the sign-up at that instant counts there, its second passkey an hour later does not.
    expect(added.slice(0, 19)).toEqual(Array(19).fill([0, 0]));
    expect(added[19]).toEqual([1, 1]);
    expect(added.slice(20, 29)).toEqual(Array(9).fill([1, 2]));
    // Now's point has the account made a second ago, not the one a second from now.
    expect(added[29]).toEqual([2, 2]);
  });
});

describe("the provider mix", () => {
  it("adds passkeys up by provider name, with how many are synced, most first", async () => {
    const before = await providerMix();
    const apple = "fbfc3007-154e-4ecc-8c0b-6e020557d7bd";
    const account = await signUpAccount({ authenticator: { aaguid: apple, backupEligible: true, backedUp: true } });
    await addPasskeyTo(account.user, { aaguid: apple, backupEligible: true, backedUp: true });
    await addPasskeyTo(account.user, { aaguid: "00000000-0000-0000-0000-000000000000", backupEligible: false });
    const after = await providerMix();

    const added = (provider: string | null) => {
      const counted = (mix: typeof after) => mix.find((entry) => entry.provider === provider && !entry.other) ?? { passkeys: 0, synced: 0 };
      return { passkeys: counted(after).passkeys - counted(before).passkeys, synced: counted(after).synced - counted(before).synced };
    };
    expect(added("Apple Passwords")).toEqual({ passkeys: 2, synced: 2 });
    expect(added(null)).toEqual({ passkeys: 1, synced: 0 });
    const counts = after.map((entry) => entry.passkeys);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });
});

describe("sign-ins per hour", () => {
  it("counts passkey sign-ins in their UTC hour for the last 24 hours, and refusals by reason", async () => {
    const now = AWKWARD_INSTANTS["the second 01:30 in New York, after the clocks went back"];
    const user = await createUser();
    const signedIn = (detail: Record<string, string>) => recordEvent({ userId: user.id, type: "signed_in", client: NO_CLIENT, detail });
    await at(new Date(now.getTime() - 2 * HOUR), () => signedIn({ method: "passkey" }));
    await at(new Date(now.getTime() - 2 * HOUR + 60_000), () => signedIn({ method: "passkey" }));
    await at(new Date(now.getTime() - 2 * HOUR), () => signedIn({ method: "recovery" }));
    await at(new Date(now.getTime() - 25 * HOUR), () => signedIn({ method: "passkey" }));
    await at(now, async () => {
      countOperation(prisma, "sign_in_failure", "verification_failed");
      countOperation(prisma, "sign_in_failure", "verification_failed");
      countOperation(prisma, "sign_in_failure", "challenge_invalid");
      await settleOperationCounts();
    });

    const { hours, reasons } = await signInsByHour(now);

    expect(hours).toHaveLength(RECENT_HOURS);
    expect(hours.every((hour) => hour.hour.getTime() % HOUR === 0)).toBe(true);
    expect(hours.at(-1)?.hour).toEqual(hourOf(now));
    expect(hours.map((hour) => hour.successes)).toEqual([...Array(21).fill(0), 2, 0, 0]);
    expect(hours.map((hour) => hour.failures)).toEqual([...Array(23).fill(0), 3]);
    expect(reasons).toEqual([
      { reason: "verification_failed", count: 2 },
      { reason: "challenge_invalid", count: 1 },
    ]);
  });

  it("keeps what a person typed out of the counts: a reason that is not a code is counted as other", async () => {
    const now = new Date("2031-09-01T08:00:00Z");
    await at(now, async () => {
      countOperation(prisma, "sign_in_failure", "someone@example.com tried");
      await settleOperationCounts();
    });
    expect((await signInsByHour(now)).reasons).toEqual([{ reason: "other", count: 1 }]);
  });
});

describe("rate-limit refusals per hour", () => {
  it("counts each refusal under the limit that refused it, in the hour it happened, and nothing for allowed requests", async () => {
    const now = new Date("2031-07-04T16:59:59Z");
    const email = uniqueEmail();
    await at(now, async () => {
      for (let attempt = 0; attempt < LIMITS.signUpPerEmail.limit; attempt += 1) await enforceRateLimits([[LIMITS.signUpPerEmail, email]]);
      await expect(enforceRateLimits([[LIMITS.signUpPerEmail, email]])).rejects.toMatchObject({ code: "rate_limited" });
      await expect(enforceRateLimits([[LIMITS.signUpPerEmail, email]])).rejects.toMatchObject({ code: "rate_limited" });
      await settleOperationCounts();
    });

    const { hours, limits } = await rateLimitRefusalsByHour(now);
    expect(hours.map((hour) => hour.count)).toEqual([...Array(23).fill(0), 2]);
    expect(limits).toEqual([{ reason: LIMITS.signUpPerEmail.name, count: 2 }]);
    const nextHour = await rateLimitRefusalsByHour(new Date(now.getTime() + 1000));
    expect(nextHour.hours.map((hour) => hour.count)).toEqual([...Array(22).fill(0), 2, 0]);
  });
});

describe("the outbox", () => {
  it("counts queued and failed messages and dates the oldest queued one; delivered ones are not counted", async () => {
    const before = await outboxHealth();
    const message = (createdAt: Date, extra: { sentAt?: Date; failedAt?: Date } = {}) =>
      prisma.outboxEmail.create({ data: { kind: "test", toAddress: uniqueEmail(), subject: "s", text: "t", html: "h", createdAt, ...extra } });
    const oldest = new Date("2001-01-01T00:00:00Z");
    await message(oldest);
    await message(new Date("2001-01-02T00:00:00Z"));
    await message(new Date("2000-01-01T00:00:00Z"), { failedAt: new Date() });
    await message(new Date("1999-01-01T00:00:00Z"), { sentAt: new Date() });

    const after = await outboxHealth();
    expect(after.queued - before.queued).toBe(2);
    expect(after.failed - before.failed).toBe(1);
    expect(after.oldestQueuedAt).toEqual(oldest);
  });
});
