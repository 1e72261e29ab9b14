import { describe, expect, it } from "vitest";
import { loadAssertionState } from "./assertion-state";
import { saveChallenge } from "./challenges";
import { prisma } from "../platform/db";
import type { RateLimit } from "../security/rate-limit";
import { addPasskeyTo, signUpAccount } from "../../testing/factories";

const ONE_PER_WINDOW: RateLimit = { name: "test:assertion-state", limit: 1, windowSeconds: 300 };

describe("loadAssertionState", () => {
  it("reads the passkey and its account exactly as Prisma does, with the account's credential IDs", async () => {
    const { user, passkey } = await signUpAccount();
    const { passkey: second } = await addPasskeyTo(user, { transports: ["usb", "nfc"], attachment: "cross-platform" });
    await prisma.passkey.update({ where: { id: second.id }, data: { lastUsedAt: new Date(), becameSyncedAt: new Date(), counter: 41n } });
    await saveChallenge({ challenge: "state-challenge-000001", purpose: "authentication", binding: "browser-1" });

    const state = await loadAssertionState({ challenge: "state-challenge-000001", credentialId: second.credentialId });

    expect(state.passkey).toEqual(await prisma.passkey.findUniqueOrThrow({ where: { id: second.id } }));
    expect(state.user).toEqual(await prisma.user.findUniqueOrThrow({ where: { id: user.id } }));
    expect(state.acceptedCredentialIds.sort()).toEqual([passkey.credentialId, second.credentialId].sort());
    expect(state.challenge).toMatchObject({ purpose: "authentication", userId: null, binding: "browser-1" });
    expect(state.challenge?.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await prisma.challenge.count({ where: { challenge: "state-challenge-000001" } })).toBe(0);
  });

  it("finds nothing for an unknown credential or challenge, and spends a challenge once", async () => {
    await saveChallenge({ challenge: "state-challenge-000002", purpose: "step-up", binding: "s", data: { accountIds: ["a"] } });
    const first = await loadAssertionState({ challenge: "state-challenge-000002", credentialId: "bm9ib2R5" });
    expect(first).toMatchObject({ passkey: null, user: null, acceptedCredentialIds: [], challenge: { purpose: "step-up", data: { accountIds: ["a"] } } });
    expect((await loadAssertionState({ challenge: "state-challenge-000002", credentialId: "bm9ib2R5" })).challenge).toBeNull();
  });

  it("past a rate limit, reports it and leaves the challenge for a later try", async () => {
    await saveChallenge({ challenge: "state-challenge-000003", purpose: "authentication", binding: "b" });
    const limits: [RateLimit, string][] = [[ONE_PER_WINDOW, "198.51.100.33"]];
    await loadAssertionState({ challenge: "state-challenge-unrelated", credentialId: "bm9ib2R5", limits });

    const limited = await loadAssertionState({ challenge: "state-challenge-000003", credentialId: "bm9ib2R5", limits });

    expect(limited.limits).toEqual([{ limit: ONE_PER_WINDOW.name, allowed: false, count: 2, retryAfterSeconds: expect.any(Number) }]);
    expect(limited.challenge).toBeNull();
    expect(await prisma.challenge.count({ where: { challenge: "state-challenge-000003" } })).toBe(1);
  });
});
