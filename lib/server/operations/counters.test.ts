import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signInWithPasskey } from "../ceremonies/sign-in";
import { prisma } from "../platform/db";
import { signUpAccount } from "../../testing/factories";
import { ORIGIN, TEST_DEVICE_ID } from "../../testing/route-harness";
import { countOperation, pruneOperationCounts, settleOperationCounts } from "./counters";
import { signInsByHour } from "./dashboard";

const NO_CLIENT = { userAgent: null, ipAddress: null };

function failuresOf(reasons: { reason: string; count: number }[], reason: string): number {
  return reasons.find((entry) => entry.reason === reason)?.count ?? 0;
}

describe("counting refused sign-ins", () => {
  it("counts a refused passkey sign-in under its error code, in the current hour", async () => {
    const account = await signUpAccount();
    const before = (await signInsByHour(new Date())).reasons;
    const stale = await account.authenticator.getAssertion(
      { challenge: randomBytes(32).toString("base64url"), rpId: "localhost", allowCredentials: [{ type: "public-key", id: account.passkey.credentialId }] },
      { origin: ORIGIN },
    );

    await expect(signInWithPasskey(stale, { deviceId: TEST_DEVICE_ID, client: NO_CLIENT, limits: [] })).rejects.toMatchObject({ code: "challenge_invalid" });
    await settleOperationCounts();

    const after = (await signInsByHour(new Date())).reasons;
    expect(failuresOf(after, "challenge_invalid") - failuresOf(before, "challenge_invalid")).toBe(1);
  });
});

describe("pruning", () => {
  it("forgets hours older than 90 days and keeps the rest", async () => {
    const old = new Date(Date.now() - 91 * 24 * 60 * 60 * 1000);
    const kept = new Date(Date.now() - 89 * 24 * 60 * 60 * 1000);
    await prisma.$executeRaw`INSERT INTO operation_counts (hour, kind, reason, count) VALUES (${old}, 'sign_in_failure', 'pruned', 3), (${kept}, 'sign_in_failure', 'kept', 2)`;
    countOperation(prisma, "rate_limit_refusal", "now");
    await settleOperationCounts();

    expect(await pruneOperationCounts(prisma)).toBe(1);

    const reasons = (await prisma.$queryRaw<{ reason: string }[]>`SELECT reason FROM operation_counts ORDER BY reason`).map((row) => row.reason);
    expect(reasons).toContain("kept");
    expect(reasons).toContain("now");
    expect(reasons).not.toContain("pruned");
  });
});
