import { scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "../platform/db";
import {
  generateRecoveryCode,
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_BITS,
  RECOVERY_CODE_COUNT,
  recoveryCodeStatus,
  signInWithRecoveryCode,
  WRONG_CODE,
} from "./recovery-codes";
import type { ClientInfo } from "../http/client-info";
import { createUser, createUserWithRecoveryCodes } from "../../testing/factories";
import { uniqueEmail } from "../../testing/unique-email";
import { expectUserFacingError } from "../../testing/refusals";
import { TEST_DEVICE_ID } from "../../testing/route-harness";
import { emailKinds, emailsTo } from "../../testing/mail-helpers";

// Crockford's base32 without I, L, O and U, in three dash-separated groups of four.
const CODE_FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const CLIENT = { ipAddress: "203.0.113.8", userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15" };

/** A recovery sign-in from the test browser; the account it opened a session for. */
async function redeemRecoveryCode(email: string, code: string, client: ClientInfo): Promise<{ userId: string }> {
  const { userId } = await signInWithRecoveryCode(email, code, { client, deviceId: TEST_DEVICE_ID });
  return { userId };
}

/** The refusal every kind of mismatch gets: same code, status and words. */
async function expectWrongCode(promise: Promise<unknown>): Promise<void> {
  await expectUserFacingError(promise, "recovery_failed", 401);
  await expect(promise).rejects.toThrow(WRONG_CODE);
}

describe("recovery code format", () => {
  it("has at least 50 bits of entropy and reads as three groups of four unambiguous characters", () => {
    expect(RECOVERY_CODE_BITS).toBeGreaterThanOrEqual(50);
    expect(RECOVERY_CODE_BITS).toBe(60);
    const codes = Array.from({ length: 200 }, generateRecoveryCode);
    for (const code of codes) expect(code).toMatch(CODE_FORMAT);
    expect(new Set(codes).size).toBe(codes.length);
    // Every one of the 32 symbols turns up: the alphabet is not silently narrower than its bit count claims.
    expect(new Set(codes.join("").replace(/-/g, "")).size).toBe(32);
  });

  it.each([
    ["lowercase", "7kq2-m9xd-4htr", "7KQ2M9XD4HTR"],
    ["spaces instead of dashes", " 7KQ2 M9XD  4HTR ", "7KQ2M9XD4HTR"],
    ["no separators", "7KQ2M9XD4HTR", "7KQ2M9XD4HTR"],
    ["O typed for zero", "O0o0-M9XD-4HTR", "0000M9XD4HTR"],
    ["I and L typed for one", "I1il-L9XD-4HTR", "111119XD4HTR"],
  ])("accepts %s", (_label, typed, canonical) => {
    expect(normalizeRecoveryCode(typed)).toBe(canonical);
  });

  it.each([
    ["an empty string", ""],
    ["too short", "7KQ2-M9XD-4HT"],
    ["too long", "7KQ2-M9XD-4HTR-A"],
    ["a U, which the alphabet leaves out", "7KQ2-M9XD-4HTU"],
    ["punctuation", "7KQ2.M9XD.4HTR"],
    ["a non-Latin letter", "7KQ2-M9XD-4HTЯ"],
  ])("refuses %s", (_label, typed) => {
    expect(normalizeRecoveryCode(typed)).toBeNull();
  });
});

describe("generateRecoveryCodes", () => {
  it("returns ten distinct codes and stores only their scrypt hashes", async () => {
    const { user, codes } = await createUserWithRecoveryCodes(CLIENT);

    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(RECOVERY_CODE_COUNT).toBe(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(CODE_FORMAT);

    const rows = await prisma.recoveryCode.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(10);
    const stored = JSON.stringify(rows);
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ""));
    }
    // Each row is scrypt(canonical code, salt) with at least 16 MiB of memory cost, computed independently here.
    const expected = codes.map((code) =>
      scryptSync(code.replace(/-/g, ""), Buffer.from(rows[0].salt, "base64url"), 32, { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }).toString("base64url"),
    );
    expect(rows.map((row) => row.codeHash).sort()).toEqual([...expected].sort());
    expect(Buffer.from(rows[0].salt, "base64url")).toHaveLength(16);
    expect(await hashRecoveryCode(codes[0].toLowerCase(), rows[0].salt)).toBe(expected[0]);
  });

  it("replaces every earlier code", async () => {
    const { user, codes: first } = await createUserWithRecoveryCodes(CLIENT);
    const second = await generateRecoveryCodes(user.id, CLIENT);

    expect(second.filter((code) => first.includes(code))).toEqual([]);
    expect(await prisma.recoveryCode.count({ where: { userId: user.id } })).toBe(10);
    await expectWrongCode(redeemRecoveryCode(user.email, first[0], CLIENT));
    expect(await redeemRecoveryCode(user.email, second[0], CLIENT)).toEqual({ userId: user.id });
  });

  it("records the event and queues an email in the same step", async () => {
    const { user } = await createUserWithRecoveryCodes(CLIENT);

    const event = await prisma.securityEvent.findFirstOrThrow({ where: { userId: user.id } });
    expect(event).toMatchObject({ type: "recovery_codes_generated", ipAddress: CLIENT.ipAddress, userAgent: CLIENT.userAgent });
    const [email] = await emailsTo(user.email);
    expect(email).toMatchObject({ kind: "recovery_codes_generated", userId: user.id, sentAt: null, subject: "New recovery codes were created" });
    expect(email.text).toContain("Safari on macOS");
  });
});

describe("recoveryCodeStatus", () => {
  it("counts unused codes of the current set", async () => {
    const user = await createUser();
    expect(await recoveryCodeStatus(user.id)).toEqual({ unused: 0, total: 0, createdAt: null });

    const before = Date.now();
    const codes = await generateRecoveryCodes(user.id, CLIENT);
    await redeemRecoveryCode(user.email, codes[3], CLIENT);
    await redeemRecoveryCode(user.email, codes[7], CLIENT);

    const status = await recoveryCodeStatus(user.id);
    expect(status).toMatchObject({ unused: 8, total: 10 });
    expect(status.createdAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });
});

describe("signInWithRecoveryCode", () => {
  it("opens an unverified recovery session for this browser in the same step as spending the code", async () => {
    const { user, codes } = await createUserWithRecoveryCodes(CLIENT);
    const { sessionId } = await signInWithRecoveryCode(user.email, codes[0], { client: CLIENT, deviceId: TEST_DEVICE_ID });

    const session = await prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session).toMatchObject({ userId: user.id, method: "recovery", passkeyId: null, verifiedAt: null, deviceId: TEST_DEVICE_ID, revokedAt: null });
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ unused: 9 });
  });

  it("spends no code when the session cannot be opened (the whole step rolls back)", async () => {
    const { user, codes } = await createUserWithRecoveryCodes(CLIENT);
    // PostgreSQL refuses NUL in text: the session insert, the last write of the step, fails.
    const failing = signInWithRecoveryCode(user.email, codes[0], { client: CLIENT, deviceId: "broken\u0000device" });
    await expect(failing).rejects.toThrow();

    expect(await recoveryCodeStatus(user.id)).toMatchObject({ unused: 10 });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.securityEvent.count({ where: { userId: user.id, type: "recovery_code_used" } })).toBe(0);
    expect(await redeemRecoveryCode(user.email, codes[0], CLIENT)).toEqual({ userId: user.id });
  });

  it("signs in once with a code, however it is typed, then refuses it like a wrong one", async () => {
    const { user, codes } = await createUserWithRecoveryCodes(CLIENT);
    // Pick the code that exercises the most look-alike substitutions.
    const code = [...codes].sort((a, b) => b.replace(/[^01]/g, "").length - a.replace(/[^01]/g, "").length)[0];
    const typed = ` ${code.replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "l").toLowerCase()} `;

    expect(await redeemRecoveryCode(user.email, typed, CLIENT)).toEqual({ userId: user.id });

    await expectWrongCode(redeemRecoveryCode(user.email, code, CLIENT));
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ unused: 9, total: 10 });
    const used = await prisma.recoveryCode.findMany({ where: { userId: user.id, usedAt: { not: null } } });
    expect(used).toHaveLength(1);
  });

  it("gives a wrong code, a malformed code, a spent code and an unknown email the same answer", async () => {
    const { user, codes } = await createUserWithRecoveryCodes(CLIENT);
    await redeemRecoveryCode(user.email, codes[0], CLIENT);
    const otherUser = await createUserWithRecoveryCodes(CLIENT);

    const attempts = [
      () => redeemRecoveryCode(user.email, "0000-0000-0000", CLIENT),
      () => redeemRecoveryCode(user.email, "not a code", CLIENT),
      () => redeemRecoveryCode(user.email, codes[0], CLIENT),
      () => redeemRecoveryCode(user.email, otherUser.codes[0], CLIENT),
      () => redeemRecoveryCode(uniqueEmail("nobody"), codes[1], CLIENT),
    ];
    for (const attempt of attempts) await expectWrongCode(attempt());
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ unused: 9 });
    expect(await recoveryCodeStatus(otherUser.user.id)).toMatchObject({ unused: 10 });
  });

  it("lets exactly one of two simultaneous redemptions of one code succeed", async () => {
    const { user, codes } = await createUserWithRecoveryCodes(CLIENT);

    const results = await Promise.allSettled([
      redeemRecoveryCode(user.email, codes[0], CLIENT),
      redeemRecoveryCode(user.email, codes[0], CLIENT),
    ]);

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const [refused] = results.filter((result) => result.status === "rejected");
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: "recovery_failed", message: WRONG_CODE });
    expect(await recoveryCodeStatus(user.id)).toMatchObject({ unused: 9 });
    expect(await prisma.securityEvent.count({ where: { userId: user.id, type: "recovery_code_used" } })).toBe(1);
    expect((await emailKinds(user.id)).filter((kind) => kind === "recovery_code_used")).toHaveLength(1);
  });

  it("records a used code with an email, and a wrong code as a failed recovery sign-in without one", async () => {
    const { user, codes } = await createUserWithRecoveryCodes(CLIENT);

    await expectWrongCode(redeemRecoveryCode(user.email, "ZZZZ-ZZZZ-ZZZZ", CLIENT));
    await redeemRecoveryCode(user.email, codes[0], CLIENT);

    const events = await prisma.securityEvent.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((event) => [event.type, event.detail])).toEqual([
      ["recovery_codes_generated", {}],
      ["sign_in_failed", { method: "recovery" }],
      ["recovery_code_used", {}],
      ["signed_in", { method: "recovery" }],
    ]);
    expect(events[1]).toMatchObject({ ipAddress: CLIENT.ipAddress, userAgent: CLIENT.userAgent });
    // This browser never had a session of the account: the owner also hears about a new device.
    expect(await emailKinds(user.id)).toEqual(["recovery_codes_generated", "recovery_code_used", "new_device_sign_in"]);
    const [, used] = await emailsTo(user.email);
    expect(used).toMatchObject({ subject: "A recovery code was used to sign in", toAddress: user.email });
    expect(used.text).toContain("203.0.113.8");
  });

  it("records nothing for an email without an account", async () => {
    const before = await prisma.securityEvent.count();
    await expectWrongCode(redeemRecoveryCode(uniqueEmail("nobody"), "ZZZZ-ZZZZ-ZZZZ", CLIENT));
    expect(await prisma.securityEvent.count()).toBe(before);
  });
});
