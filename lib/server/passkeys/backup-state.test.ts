import { describe, expect, it } from "vitest";
import { claimsSynced, noteBackupState } from "./backup-state";
import { prisma } from "../platform/db";
import { isSynced } from "./policy";
import { signUpAccount } from "../../testing/factories";
import { uniqueEmail } from "../../testing/unique-email";
import { emailKinds, eventTypes } from "../../testing/mail-helpers";

const CLIENT = { ipAddress: "203.0.113.5", userAgent: "Vitest" };
const BE_ONLY = { credentialDeviceType: "multiDevice", credentialBackedUp: false } as const;

describe("claimsSynced", () => {
  it.each([
    ["BE=0 BS=0", "singleDevice", false, false],
    ["BE=1 BS=0", "multiDevice", false, true],
    ["BE=1 BS=1", "multiDevice", true, true],
    // Invalid per spec, but a key that says it is backed up is never taken for device-bound.
    ["BE=0 BS=1", "singleDevice", true, true],
  ] as const)("%s", (_label, credentialDeviceType, credentialBackedUp, expected) => {
    expect(claimsSynced({ credentialDeviceType, credentialBackedUp })).toBe(expected);
  });
});

describe("noteBackupState", () => {
  it("stores a device-bound passkey that claims BS without BE as synced", async () => {
    const { user, passkey } = await signUpAccount();

    const now = await noteBackupState(passkey, { credentialDeviceType: "singleDevice", credentialBackedUp: true }, CLIENT);

    expect(isSynced(now)).toBe(true);
    expect(await prisma.passkey.findUniqueOrThrow({ where: { id: passkey.id } })).toMatchObject({
      backupEligible: true,
      backedUp: true,
      deviceType: "multiDevice",
      becameSyncedAt: now.becameSyncedAt,
    });
    expect((await eventTypes(user.id)).sort()).toEqual(["account_created", "passkey_became_synced"]);
    expect(await emailKinds(user.id)).toEqual(["passkey_became_synced"]);
  });

  it("returns a passkey that stays as it was without touching the database", async () => {
    const { passkey } = await signUpAccount();
    const { passkey: synced } = await signUpAccount({ authenticator: { backupEligible: true, backedUp: true } });
    await prisma.passkey.deleteMany({ where: { id: { in: [passkey.id, synced.id] } } });

    // Both rows are gone, so any write would have to fail or change nothing: neither is attempted.
    expect(await noteBackupState(passkey, { credentialDeviceType: "singleDevice", credentialBackedUp: false }, CLIENT)).toBe(passkey);
    expect(await noteBackupState(synced, BE_ONLY, CLIENT)).toBe(synced);
  });

  it("reports a change once when two sign-ins bring the same new flags", async () => {
    const { user, passkey } = await signUpAccount();

    const results = await Promise.all([noteBackupState(passkey, BE_ONLY, CLIENT), noteBackupState(passkey, BE_ONLY, CLIENT)]);

    expect(results.map(isSynced)).toEqual([true, true]);
    expect((await eventTypes(user.id)).sort()).toEqual(["account_created", "passkey_became_synced"]);
    expect(await emailKinds(user.id)).toEqual(["passkey_became_synced"]);
  });

  it("keeps nothing when the email can't be queued: the change, its event and its email commit together", async () => {
    await prisma.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION refuse_test_mail() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'outbox unavailable'; END $$ LANGUAGE plpgsql`);
    await prisma.$executeRawUnsafe(`
      CREATE TRIGGER refuse_test_mail BEFORE INSERT ON outbox_emails
      FOR EACH ROW WHEN (NEW.to_address LIKE 'refused-mail-%') EXECUTE FUNCTION refuse_test_mail()`);
    const { user, passkey } = await signUpAccount({ email: uniqueEmail("refused-mail") });

    await expect(noteBackupState(passkey, BE_ONLY, CLIENT)).rejects.toThrow(/outbox unavailable/);

    expect(await prisma.passkey.findUniqueOrThrow({ where: { id: passkey.id } })).toMatchObject({ backupEligible: false, becameSyncedAt: null });
    expect(await eventTypes(user.id)).toEqual(["account_created"]);
    expect(await emailKinds(user.id)).toEqual([]);
  });
});
