import { describe, expect, it } from "vitest";
import { challengeFromClientData, consumeChallenge, pruneChallenges, saveChallenge } from "./challenges";
import { prisma } from "../platform/db";

const BROWSER = "device-a";

describe("challenges", () => {
  it("can be consumed once, for its own purpose only", async () => {
    await saveChallenge({ challenge: "c-once", purpose: "authentication", binding: BROWSER });
    expect(await consumeChallenge("c-once", "authentication", BROWSER)).toMatchObject({ purpose: "authentication", userId: null });
    expect(await consumeChallenge("c-once", "authentication", BROWSER)).toBeNull();
  });

  it("is spent even when presented for the wrong purpose", async () => {
    await saveChallenge({ challenge: "c-purpose", purpose: "registration", binding: BROWSER });
    expect(await consumeChallenge("c-purpose", "authentication", BROWSER)).toBeNull();
    expect(await consumeChallenge("c-purpose", "registration", BROWSER)).toBeNull();
  });

  it("is refused to another browser than the one that asked for it, and spent by the attempt", async () => {
    await saveChallenge({ challenge: "c-bound", purpose: "authentication", binding: BROWSER });
    expect(await consumeChallenge("c-bound", "authentication", "device-b")).toBeNull();
    expect(await consumeChallenge("c-bound", "authentication", BROWSER)).toBeNull();
  });

  it("expires", async () => {
    await saveChallenge({ challenge: "c-old", purpose: "authentication", binding: BROWSER });
    await prisma.challenge.update({ where: { challenge: "c-old" }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await consumeChallenge("c-old", "authentication", BROWSER)).toBeNull();
  });

  it("gives a challenge to exactly one of two simultaneous consumers", async () => {
    await saveChallenge({ challenge: "c-race", purpose: "authentication", binding: BROWSER });
    const results = await Promise.all([1, 2, 3].map(() => consumeChallenge("c-race", "authentication", BROWSER)));
    expect(results.filter((result) => result !== null)).toHaveLength(1);
  });

  it("reads the challenge out of clientDataJSON and rejects garbage", () => {
    const challenge = "dGhpcy1pcy1hLTMyLWJ5dGUtY2hhbGxlbmdlLXZhbHVlIQ";
    const clientData = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge })).toString("base64url");
    expect(challengeFromClientData(clientData)).toBe(challenge);
    expect(challengeFromClientData("not-json")).toBeNull();
    expect(challengeFromClientData(Buffer.from("[]").toString("base64url"))).toBeNull();
  });

  // Found by the API fuzz test: a NUL in the challenge made PostgreSQL fail the lookup (a 500).
  it.each([["a NUL", "abcdefghijklmnop\u0000"], ["a lone surrogate", "abcdefghijklmnop\ud800"], ["too short", "abc"], ["too long", "A".repeat(129)], ["padding", "abcdefghijklmnop=="]])(
    "never looks up a challenge with %s",
    (_label, challenge) => {
      const clientData = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge })).toString("base64url");
      expect(challengeFromClientData(clientData)).toBeNull();
    },
  );

  it("are pruned in batches once expired, never while still valid", async () => {
    for (const name of ["p-old-1", "p-old-2", "p-old-3", "p-valid"]) await saveChallenge({ challenge: name, purpose: "authentication", binding: BROWSER });
    await prisma.challenge.updateMany({ where: { challenge: { startsWith: "p-old-" } }, data: { expiresAt: new Date(Date.now() - 1000) } });

    // A batch never deletes more than its size; repeated, the batches empty out what expired.
    expect(await pruneChallenges(2)).toBe(2);
    while ((await pruneChallenges(2)) > 0);
    expect((await prisma.challenge.findMany({ where: { challenge: { startsWith: "p-" } } })).map((row) => row.challenge)).toEqual(["p-valid"]);
  });
});
