import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "../platform/db";
import { removePasskey, renamePasskey } from "./passkeys";
import { createSession } from "../sessions/sessions";
import { accountState } from "../../testing/account-state";
import { addPasskeyTo, signUpAccount } from "../../testing/factories";
import { interleaveAtSessionRevocation } from "../../testing/interleave";
import { expectUserFacingError } from "../../testing/refusals";
import { eventTypes, failRecordingEvents } from "../../testing/mail-helpers";

const NO_CLIENT = { userAgent: null, ipAddress: null };

const SYNCED = { backupEligible: true, backedUp: true } as const;

function sessionWith(userId: string, passkeyId: string | null): Promise<string> {
  return createSession({ userId, passkeyId, method: "passkey", userAgent: "Vitest", ipAddress: null });
}

async function revokedAt(sessionId: string): Promise<Date | null> {
  return (await prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).revokedAt;
}

describe("renamePasskey", () => {
  it("renames the owner's passkey and nothing else", async () => {
    const { user, passkey } = await signUpAccount();
    const { passkey: other } = await addPasskeyTo(user);

    const renamed = await renamePasskey(user.id, passkey.id, "Work laptop", NO_CLIENT);
    expect(renamed).toMatchObject({ id: passkey.id, userId: user.id, name: "Work laptop" });
    expect((await prisma.passkey.findUniqueOrThrow({ where: { id: passkey.id } })).name).toBe("Work laptop");
    expect(await prisma.passkey.findUniqueOrThrow({ where: { id: other.id } })).toEqual(other);
    const renames = async (): Promise<string[]> => (await eventTypes(user.id)).filter((type) => type === "passkey_renamed");
    expect(await renames()).toHaveLength(1);
    // The same name again is no change, and records none.
    await renamePasskey(user.id, passkey.id, "Work laptop", NO_CLIENT);
    expect(await renames()).toHaveLength(1);
  });

  it("keeps the old name when its activity entry can't be written: the two commit together", async () => {
    const { user, passkey } = await signUpAccount();
    const restore = await failRecordingEvents("passkey_renamed");
    try {
      await expect(renamePasskey(user.id, passkey.id, "Work laptop", NO_CLIENT)).rejects.toThrow(/activity log unavailable/);
    } finally {
      await restore();
    }
    expect((await prisma.passkey.findUniqueOrThrow({ where: { id: passkey.id } })).name).toBe(passkey.name);
    expect(await eventTypes(user.id)).toEqual(["account_created"]);
  });

  it("answers another account's passkey as not found and leaves it alone", async () => {
    const attacker = await signUpAccount();
    const victim = await signUpAccount();
    const before = await accountState();

    await expectUserFacingError(renamePasskey(attacker.user.id, victim.passkey.id, "pwned", NO_CLIENT), "passkey_not_found", 404);
    await expectUserFacingError(renamePasskey(attacker.user.id, randomUUID(), "pwned", NO_CLIENT), "passkey_not_found", 404);
    expect(await accountState()).toEqual(before);
  });
});

describe("removePasskey", () => {
  it("removes one of several passkeys and returns it", async () => {
    const { user, passkey } = await signUpAccount();
    const { passkey: second } = await addPasskeyTo(user);

    expect(await removePasskey(user.id, second.id, NO_CLIENT)).toEqual(second);
    expect(await prisma.passkey.findMany({ where: { userId: user.id } })).toEqual([passkey]);
  });

  it("answers another account's passkey as not found, even one its owner could spare", async () => {
    const attacker = await signUpAccount();
    await addPasskeyTo(attacker.user);
    const victim = await signUpAccount();
    await addPasskeyTo(victim.user);
    const victimSession = await sessionWith(victim.user.id, victim.passkey.id);
    const before = await accountState();

    await expectUserFacingError(removePasskey(attacker.user.id, victim.passkey.id, NO_CLIENT), "passkey_not_found", 404);
    await expectUserFacingError(removePasskey(attacker.user.id, randomUUID(), NO_CLIENT), "passkey_not_found", 404);
    expect(await accountState()).toEqual(before);
    expect(await revokedAt(victimSession)).toBeNull();
  });

  it("refuses to remove the only passkey, and revokes nothing", async () => {
    const { user, passkey } = await signUpAccount();
    const session = await sessionWith(user.id, passkey.id);
    const before = await accountState();

    await expectUserFacingError(removePasskey(user.id, passkey.id, NO_CLIENT), "last_passkey", 409);
    expect(await accountState()).toEqual(before);
    expect(await revokedAt(session)).toBeNull();
  });

  it("with the device-bound-only policy, refuses to remove the last device-bound passkey while synced ones remain", async () => {
    const { user, passkey } = await signUpAccount();
    const { passkey: synced } = await addPasskeyTo(user, SYNCED);
    await prisma.user.update({ where: { id: user.id }, data: { deviceBoundOnly: true } });
    const before = await accountState();

    await expectUserFacingError(removePasskey(user.id, passkey.id, NO_CLIENT), "last_usable_passkey", 409);
    expect(await accountState()).toEqual(before);
    // A synced passkey cannot sign in under the policy, so removing it locks nobody out.
    await removePasskey(user.id, synced.id, NO_CLIENT);
    expect(await prisma.passkey.findMany({ where: { userId: user.id } })).toEqual([passkey]);
  });

  it("with the policy, removes a device-bound passkey while another device-bound one remains", async () => {
    const { user } = await signUpAccount({ authenticator: SYNCED });
    const { passkey: first } = await addPasskeyTo(user);
    const { passkey: second } = await addPasskeyTo(user, { transports: ["usb"], attachment: "cross-platform" });
    await prisma.user.update({ where: { id: user.id }, data: { deviceBoundOnly: true } });

    await removePasskey(user.id, first.id, NO_CLIENT);
    await expectUserFacingError(removePasskey(user.id, second.id, NO_CLIENT), "last_usable_passkey", 409);
  });

  it("without the policy, removes the device-bound passkey and keeps a synced one", async () => {
    const { user, passkey } = await signUpAccount();
    const { passkey: synced } = await addPasskeyTo(user, SYNCED);

    await removePasskey(user.id, passkey.id, NO_CLIENT);
    expect(await prisma.passkey.findMany({ where: { userId: user.id } })).toEqual([synced]);
  });

  it("revokes exactly the sessions signed in with the removed passkey", async () => {
    const { user, passkey } = await signUpAccount();
    const { passkey: kept } = await addPasskeyTo(user);
    const other = await signUpAccount();
    const removedOne = await sessionWith(user.id, passkey.id);
    const removedTwo = await sessionWith(user.id, passkey.id);
    const earlierRevoked = await sessionWith(user.id, passkey.id);
    await prisma.session.update({ where: { id: earlierRevoked }, data: { revokedAt: new Date("2026-01-01T00:00:00Z") } });
    const keptSession = await sessionWith(user.id, kept.id);
    const withoutPasskey = await sessionWith(user.id, null);
    const othersSession = await sessionWith(other.user.id, other.passkey.id);

    const before = Date.now();
    await removePasskey(user.id, passkey.id, NO_CLIENT);

    for (const id of [removedOne, removedTwo]) {
      expect((await revokedAt(id))?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    }
    expect(await revokedAt(earlierRevoked)).toEqual(new Date("2026-01-01T00:00:00Z"));
    for (const id of [keptSession, withoutPasskey, othersSession]) expect(await revokedAt(id)).toBeNull();
    expect(await prisma.passkey.findUnique({ where: { id: passkey.id } })).toBeNull();
  });
});

const postgres = Boolean(process.env.TEST_POSTGRES_URL);

describe("removePasskey under concurrency", () => {
  // PGlite has one connection, so transactions run one after the other; this checks that the
  // read and the delete are not interleaved there.
  it.skipIf(postgres)("never leaves an account without a passkey when its last two are removed at once", async () => {
    const { user, passkey } = await signUpAccount();
    const { passkey: second } = await addPasskeyTo(user);

    const results = await Promise.allSettled([removePasskey(user.id, passkey.id, NO_CLIENT), removePasskey(user.id, second.id, NO_CLIENT)]);

    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await prisma.passkey.count({ where: { userId: user.id } })).toBe(1);
  });

  // Two removals of different passkeys must not both pass the last-passkey check on the same
  // starting state: removePasskey locks the account row before it counts.
  it.runIf(postgres)("never leaves an account without a passkey when two removals interleave (PostgreSQL)", async () => {
    const { user, passkey } = await signUpAccount();
    const { passkey: second } = await addPasskeyTo(user);
    await sessionWith(user.id, passkey.id);
    await sessionWith(user.id, second.id);

    const { queued } = await interleaveAtSessionRevocation(user.id, {
      queued: () => Promise.allSettled([removePasskey(user.id, passkey.id, NO_CLIENT), removePasskey(user.id, second.id, NO_CLIENT)]),
      blocked: 2,
    });

    expect(queued.status === "fulfilled" && queued.value.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await prisma.passkey.count({ where: { userId: user.id } })).toBe(1);
  });
});
