import { describe, expect, it } from "vitest";
import { setDeviceBoundOnly, updateDisplayName } from "./account";
import { prisma } from "./db";
import type { User } from "./generated/prisma/client";
import { removePasskey } from "./passkeys";
import { createSession } from "./sessions";
import {
  addPasskeyTo,
  expectUserFacingError,
  interleaveAtSessionRevocation,
  signUpAccount,
} from "./testing/ceremony-helpers";

const SYNCED = { backupEligible: true, backedUp: true } as const;

function reload(user: Pick<User, "id">): Promise<User> {
  return prisma.user.findUniqueOrThrow({ where: { id: user.id } });
}

describe("updateDisplayName", () => {
  it("changes the name and nothing else: the email changes only through a confirmation", async () => {
    const { user } = await signUpAccount({ name: "Ada" });

    const updated = await updateDisplayName(user.id, "Ada Lovelace");
    expect(updated).toEqual({ ...user, displayName: "Ada Lovelace", updatedAt: updated.updatedAt });
    expect(await reload(user)).toEqual(updated);
  });
});

describe("setDeviceBoundOnly", () => {
  it("refuses to turn on while every passkey is synced, and stays off", async () => {
    const { user } = await signUpAccount({ authenticator: SYNCED });
    await addPasskeyTo(user, { backupEligible: true, backedUp: false });

    await expectUserFacingError(setDeviceBoundOnly(user.id, true), "no_device_bound_passkey", 409);
    expect((await reload(user)).deviceBoundOnly).toBe(false);
  });

  it("turns on once the account has a device-bound passkey", async () => {
    const { user } = await signUpAccount({ authenticator: SYNCED });
    await addPasskeyTo(user, { transports: ["usb"], attachment: "cross-platform" });

    expect((await setDeviceBoundOnly(user.id, true)).deviceBoundOnly).toBe(true);
    expect((await reload(user)).deviceBoundOnly).toBe(true);
  });

  it("counts only this account's device-bound passkeys", async () => {
    const { user } = await signUpAccount({ authenticator: SYNCED });
    await signUpAccount();

    await expectUserFacingError(setDeviceBoundOnly(user.id, true), "no_device_bound_passkey", 409);
  });

  it("always turns off, even for an account left with only synced passkeys", async () => {
    const { user } = await signUpAccount({ authenticator: SYNCED });
    await prisma.user.update({ where: { id: user.id }, data: { deviceBoundOnly: true } });

    expect((await setDeviceBoundOnly(user.id, false)).deviceBoundOnly).toBe(false);
    expect((await reload(user)).deviceBoundOnly).toBe(false);
  });
});

describe("setDeviceBoundOnly racing removePasskey", () => {
  // Turning the policy on while the last device-bound passkey is being removed must not end with
  // the policy on and only synced passkeys left: both changes take the same account row lock.
  it.runIf(process.env.TEST_POSTGRES_URL)("never ends with the policy on and no device-bound passkey (PostgreSQL)", async () => {
    const { user, passkey } = await signUpAccount();
    await addPasskeyTo(user, SYNCED);
    await createSession({ userId: user.id, passkeyId: passkey.id, method: "passkey", userAgent: null, ipAddress: null });

    await interleaveAtSessionRevocation(user.id, {
      queued: () => removePasskey(user.id, passkey.id),
      blocked: 1,
      meanwhile: () => setDeviceBoundOnly(user.id, true),
    });

    const deviceBound = await prisma.passkey.count({ where: { userId: user.id, backupEligible: false } });
    expect({ deviceBoundOnly: (await reload(user)).deviceBoundOnly, deviceBound }).not.toMatchObject({ deviceBoundOnly: true, deviceBound: 0 });
  });
});
