import { describe, expect, it } from "vitest";
import { challengeFromClientData, consumeChallenge, saveChallenge } from "./challenges";
import { prisma } from "./db";

describe("challenges", () => {
  it("can be consumed once, for its own purpose only", async () => {
    await saveChallenge({ challenge: "c-once", purpose: "authentication" });
    expect(await consumeChallenge("c-once", "authentication")).toMatchObject({ purpose: "authentication", userId: null });
    expect(await consumeChallenge("c-once", "authentication")).toBeNull();
  });

  it("is spent even when presented for the wrong purpose", async () => {
    await saveChallenge({ challenge: "c-purpose", purpose: "registration" });
    expect(await consumeChallenge("c-purpose", "authentication")).toBeNull();
    expect(await consumeChallenge("c-purpose", "registration")).toBeNull();
  });

  it("expires", async () => {
    await saveChallenge({ challenge: "c-old", purpose: "authentication" });
    await prisma.challenge.update({ where: { challenge: "c-old" }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await consumeChallenge("c-old", "authentication")).toBeNull();
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
});
