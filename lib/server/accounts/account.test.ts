import { describe, expect, it } from "vitest";
import { setDeviceBoundOnly, updateDisplayName } from "./account";
import { prisma } from "../platform/db";
import type { User } from "../../generated/prisma/client";
import { removePasskey } from "../passkeys/passkeys";
import { createSession } from "../sessions/sessions";
import { addPasskeyTo, openSession, signUpAccount } from "../../testing/factories";
import { interleaveAtSessionRevocation } from "../../testing/interleave";
import { expectUserFacingError } from "../../testing/refusals";
import { eventTypes, failRecordingEvents } from "../../testing/mail-helpers";

const NO_CLIENT = { userAgent: null, ipAddress: null };

const SYNCED = { backupEligible: true, backedUp: true } as const;

function reload(user: Pick<User, "id">): Promise<User> {
  return prisma.user.findUniqueOrThrow({ where: { id: user.id } });
}

describe("updateDisplayName", () => {
  it("changes the name and nothing else: the email changes only through a confirmation", async () => {
    const { user } = await signUpAccount({ name: "Ada" });

    const updated = await updateDisplayName(user.id, "Ada Lovelace", NO_CLIENT);
    expect(updated).toEqual({ ...user, displayName: "Ada Lovelace", updatedAt: updated.updatedAt });
    expect(await reload(user)).toEqual(updated);
    expect(await eventTypes(user.id)).toEqual(["account_created", "profile_changed"]);
    // The same name again is no change, and records none.
    await updateDisplayName(user.id, "Ada Lovelace", NO_CLIENT);
    expect(await eventTypes(user.id)).toEqual(["account_created", "profile_changed"]);
  });

  it("keeps the old name when its activity entry can't be written: the two commit together", async () => {
    const { user } = await signUpAccount({ name: "Ada" });
    const restore = await failRecordingEvents("profile_changed");
    try {
      await expect(updateDisplayName(user.id, "Ada Lovelace", NO_CLIENT)).rejects.toThrow(/activity log unavailable/);
    } finally {
      await restore();
    }
    expect((await reload(user)).displayName).toBe("Ada");
    expect(await eventTypes(user.id)).toEqual(["account_created"]);
  });
});

describe("setDeviceBoundOnly", () => {
  it("refuses to turn on while every passkey is synced, and stays off", async () => {
    const { user } = await signUpAccount({ authenticator: SYNCED });
    await addPasskeyTo(user, { backupEligible: true, backedUp: false });

    await expectUserFacingError(setDeviceBoundOnly(await openSession(user.id, { userAgent: null }), true, NO_CLIENT), "no_device_bound_passkey", 409);
    expect((await reload(user)).deviceBoundOnly).toBe(false);
  });

  it("turns on once the account has a device-bound passkey", async () => {
    const { user } = await signUpAccount({ authenticator: SYNCED });
    await addPasskeyTo(user, { transports: ["usb"], attachment: "cross-platform" });

    expect((await setDeviceBoundOnly(await openSession(user.id, { userAgent: null }), true, NO_CLIENT)).user.deviceBoundOnly).toBe(true);
    expect((await reload(user)).deviceBoundOnly).toBe(true);
  });

  it("counts only this account's device-bound passkeys", async () => {
    const { user } = await signUpAccount({ authenticator: SYNCED });
    await signUpAccount();

    await expectUserFacingError(setDeviceBoundOnly(await openSession(user.id, { userAgent: null }), true, NO_CLIENT), "no_device_bound_passkey", 409);
  });

  it("always turns off, even for an account left with only synced passkeys", async () => {
    const { user } = await signUpAccount({ authenticator: SYNCED });
    await prisma.user.update({ where: { id: user.id }, data: { deviceBoundOnly: true } });

    expect((await setDeviceBoundOnly(await openSession(user.id, { userAgent: null }), false, NO_CLIENT)).user.deviceBoundOnly).toBe(false);
    expect((await reload(user)).deviceBoundOnly).toBe(false);
  });
});

describe("turning the device-bound-only policy on", () => {
  async function revoked(sessionId: string): Promise<boolean> {
    return (await prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).revokedAt !== null;
  }

  it("signs out the other devices that signed in with a synced passkey, keeps this one and the device-bound ones, and records how many", async () => {
    const { user, passkey: synced, sessionId: signUpSession } = await signUpAccount({ authenticator: SYNCED });
    const { passkey: key } = await addPasskeyTo(user, { transports: ["usb"], attachment: "cross-platform" });
    const open = (passkeyId: string | null, method: "passkey" | "recovery" = "passkey", userId = user.id) =>
      createSession({ userId, passkeyId, method, userAgent: null, ipAddress: null });
    const [syncedOne, syncedTwo, deviceBound, recovery] = await Promise.all([open(synced.id), open(synced.id), open(key.id), open(null, "recovery")]);
    const current = await prisma.session.update({ where: { id: await open(synced.id) }, data: {}, include: { user: true } });
    const other = await signUpAccount({ authenticator: SYNCED });
    const othersSession = await open(other.passkey.id, "passkey", other.user.id);

    const { signedOut } = await setDeviceBoundOnly(current, true, NO_CLIENT);

    expect(signedOut).toBe(3);
    for (const gone of [signUpSession, syncedOne, syncedTwo]) expect(await revoked(gone)).toBe(true);
    for (const kept of [deviceBound, recovery, current.id, othersSession]) expect(await revoked(kept)).toBe(false);
    const event = await prisma.securityEvent.findFirstOrThrow({ where: { userId: user.id, type: "policy_changed" } });
    expect(event.detail).toMatchObject({ deviceBoundOnly: true, count: 3 });
  });

  it("records nothing and signs out nobody when the setting does not change, or when it is turned off", async () => {
    const { user, passkey: synced } = await signUpAccount({ authenticator: SYNCED });
    await addPasskeyTo(user, { transports: ["usb"], attachment: "cross-platform" });
    const current = await openSession(user.id, { userAgent: null });
    const syncedSession = await createSession({ userId: user.id, passkeyId: synced.id, method: "passkey", userAgent: null, ipAddress: null });

    expect((await setDeviceBoundOnly(current, false, NO_CLIENT)).signedOut).toBe(0);
    expect(await eventTypes(user.id)).not.toContain("policy_changed");
    await setDeviceBoundOnly(current, true, NO_CLIENT);
    const afterOn = await createSession({ userId: user.id, passkeyId: synced.id, method: "passkey", userAgent: null, ipAddress: null });
    expect((await setDeviceBoundOnly(current, true, NO_CLIENT)).signedOut).toBe(0);
    expect(await revoked(afterOn)).toBe(false);
    expect((await setDeviceBoundOnly(current, false, NO_CLIENT)).signedOut).toBe(0);
    expect(await revoked(syncedSession)).toBe(true);
    expect((await eventTypes(user.id)).filter((type) => type === "policy_changed")).toHaveLength(2);
  });
});

describe("setDeviceBoundOnly racing removePasskey", () => {
  // Turning the policy on while the last device-bound passkey is being removed must not end with
  // the policy on and only synced passkeys left: both changes take the same account row lock.
  it.runIf(process.env.TEST_POSTGRES_URL)("never ends with the policy on and no device-bound passkey (PostgreSQL)", async () => {
    const { user, passkey } = await signUpAccount();
    await addPasskeyTo(user, SYNCED);
    await createSession({ userId: user.id, passkeyId: passkey.id, method: "passkey", userAgent: null, ipAddress: null });
    const current = await openSession(user.id, { userAgent: null });

    await interleaveAtSessionRevocation(user.id, {
      queued: () => removePasskey(user.id, passkey.id, NO_CLIENT),
      blocked: 1,
      meanwhile: () => setDeviceBoundOnly(current, true, NO_CLIENT),
    });

    const deviceBound = await prisma.passkey.count({ where: { userId: user.id, backupEligible: false } });
    expect({ deviceBoundOnly: (await reload(user)).deviceBoundOnly, deviceBound }).not.toMatchObject({ deviceBoundOnly: true, deviceBound: 0 });
  });
});
