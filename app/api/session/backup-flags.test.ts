// A passkey's backup flags (BE, BS) are compared with what was stored at every sign-in and
// step-up: one that turns synced is stored as synced, recorded, mailed about, and refused by
// this very assertion while the account only allows device-bound passkeys.
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { describe, expect, it } from "vitest";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signInVerify } from "@/app/api/session/sign-in/verify/route";
import { POST as stepUpOptions } from "@/app/api/session/step-up/options/route";
import { POST as stepUpVerify } from "@/app/api/session/step-up/verify/route";
import { describeEvent } from "@/lib/server/activity/activity";
import { prisma } from "@/lib/server/platform/db";
import { requestSignInOptions } from "@/lib/testing/ceremonies";
import { openSession, type SignedInSession, type SignedUpAccount, signUpAccount } from "@/lib/testing/factories";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, ORIGIN, type RouteResponse } from "@/lib/testing/route-harness";
import { emailKinds, emailsTo, eventTypes } from "@/lib/testing/mail-helpers";
import type { BackupFlags } from "@/lib/testing/software-authenticator";

const BROWSER = {
  "x-forwarded-for": "203.0.113.44",
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
};
const SYNCED_NOT_ALLOWED =
  "Your account only allows passkeys that stay on one device, and this passkey is synced. Use a device-bound passkey, such as a security key.";

/** The account's event types, sorted: events of one request may share a millisecond. */
async function eventsOf(account: SignedUpAccount): Promise<string[]> {
  return (await eventTypes(account.user.id)).sort();
}

async function passkeyOf(account: SignedUpAccount) {
  return prisma.passkey.findUniqueOrThrow({ where: { id: account.passkey.id } });
}

/** The stored backup state, as the passkey list and the policy read it. */
async function backupStateOf(account: SignedUpAccount) {
  const { backupEligible, backedUp, deviceType, becameSyncedAt } = await passkeyOf(account);
  return { backupEligible, backedUp, deviceType, becameSyncedAt };
}

/** Signs in through the verify route with the user's passkey, its flags changed first if asked. */
async function signIn(account: SignedUpAccount, flags?: BackupFlags): Promise<RouteResponse> {
  if (flags) account.authenticator.setBackupFlags(account.passkey.credentialId, flags);
  const assertion = await account.authenticator.getAssertion(await requestSignInOptions(signInOptions, account.user.email), { origin: ORIGIN });
  return callRoute(signInVerify, { body: { response: assertion }, headers: BROWSER });
}

async function stepUp(account: SignedUpAccount, session: SignedInSession, flags?: BackupFlags): Promise<RouteResponse> {
  const options = await callRoute(stepUpOptions, { path: "/api/session/step-up/options", cookie: session.cookie, headers: BROWSER });
  expect(options.status, JSON.stringify(options.body)).toBe(200);
  if (flags) account.authenticator.setBackupFlags(account.passkey.credentialId, flags);
  const assertion: AuthenticationResponseJSON = await account.authenticator.getAssertion(options.body as PublicKeyCredentialRequestOptionsJSON, {
    origin: ORIGIN,
  });
  return callRoute(stepUpVerify, { path: "/api/session/step-up/verify", cookie: session.cookie, body: { response: assertion }, headers: BROWSER });
}

async function onlyDeviceBound(account: SignedUpAccount): Promise<void> {
  await prisma.user.update({ where: { id: account.user.id }, data: { deviceBoundOnly: true } });
}

/** The change was committed: synced since a moment in [from, now], one event, one email. */
async function expectTurnedSynced(account: SignedUpAccount, from: number, backedUp: boolean): Promise<void> {
  const state = await backupStateOf(account);
  expect(state).toMatchObject({ backupEligible: true, backedUp, deviceType: "multiDevice" });
  expect(state.becameSyncedAt?.getTime()).toBeGreaterThanOrEqual(from);
  expect(state.becameSyncedAt?.getTime()).toBeLessThanOrEqual(Date.now());

  const events = await prisma.securityEvent.findMany({ where: { userId: account.user.id, type: "passkey_became_synced" } });
  expect(events).toEqual([expect.objectContaining({ detail: { passkeyName: "Passkey on this device" }, ipAddress: BROWSER["x-forwarded-for"], userAgent: BROWSER["user-agent"] })]);
  expect(describeEvent(events[0])).toBe("Passkey “Passkey on this device” is now synced: its provider reported copying it to other devices");

  const emails = (await emailsTo(account.user.email)).filter((email) => email.kind === "passkey_became_synced");
  expect(emails).toHaveLength(1);
  // The passkey's name is the owner's own text: quoted in the body, never in the subject.
  expect(emails[0].subject).toBe("One of your passkeys is now synced");
  expect(emails[0].text).toContain("the passkey “Passkey on this device” reported for the first time that its provider copies it to other devices");
  expect(emails[0].text).toContain("Device: Chrome on Linux");
  expect(emails[0].text).toContain("IP address: 203.0.113.44");
}

describe("a device-bound passkey that turns synced at sign-in", () => {
  it("is stored as synced with the date, recorded and mailed about when BE goes 0 → 1", async () => {
    const account = await signUpAccount();
    const signUpSession = await prisma.session.findFirstOrThrow({ where: { userId: account.user.id } });
    expect(await backupStateOf(account)).toEqual({ backupEligible: false, backedUp: false, deviceType: "singleDevice", becameSyncedAt: null });
    const from = Date.now();

    const result = await signIn(account, { backupEligible: true });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    await expectTurnedSynced(account, from, false);
    expect(await eventsOf(account)).toEqual(["account_created", "passkey_became_synced", "signed_in"]);
    // Without the device-bound-only policy, its sessions stay.
    expect((await prisma.session.findUniqueOrThrow({ where: { id: signUpSession.id } })).revokedAt).toBeNull();
    expect((await passkeyOf(account)).counter).toBe(1n);
  });

  it("is stored as synced when BS goes 0 → 1 with BE set too", async () => {
    const account = await signUpAccount();
    const from = Date.now();

    expect((await signIn(account, { backupEligible: true, backedUp: true })).status).toBe(200);

    await expectTurnedSynced(account, from, true);
  });

  it("is refused with synced_not_allowed while the account only allows device-bound passkeys, and the change is kept", async () => {
    const account = await signUpAccount();
    await onlyDeviceBound(account);
    const openWithIt = () => prisma.session.count({ where: { userId: account.user.id, passkeyId: account.passkey.id, revokedAt: null } });
    expect(await openWithIt()).toBe(1);
    const from = Date.now();

    const error = expectRefusal(await signIn(account, { backupEligible: true, backedUp: true }), 403, "synced_not_allowed");

    expect(error).toBe(SYNCED_NOT_ALLOWED);
    await expectTurnedSynced(account, from, true);
    // The sessions it opened while it was device-bound end with it (sign-up's, here).
    expect(await openWithIt()).toBe(0);
    // The refusal is a failed attempt like any other; the sign-in itself left no trace on the passkey.
    expect(await eventsOf(account)).toEqual(["account_created", "passkey_became_synced", "sign_in_failed"]);
    expect(await passkeyOf(account)).toMatchObject({ counter: 0n, lastUsedAt: null });

    // Later sign-ins are refused by the stored state alone, and report nothing new.
    account.authenticator.setBackupFlags(account.passkey.credentialId, { backupEligible: false, backedUp: false });
    expectRefusal(await signIn(account), 403, "synced_not_allowed");
    expect(await emailKinds(account.user.id)).toEqual(["passkey_became_synced"]);
  });

  it("is refused at a step-up while the account only allows device-bound passkeys, and the change is kept", async () => {
    const account = await signUpAccount();
    await onlyDeviceBound(account);
    const session = await openSession(account.user.id, { passkeyId: account.passkey.id });
    const { verifiedAt } = await prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    const from = Date.now();

    expectRefusal(await stepUp(account, session, { backupEligible: true }), 403, "synced_not_allowed");

    await expectTurnedSynced(account, from, false);
    expect(await prisma.session.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ verifiedAt });
  });

  it("passes a step-up without the policy, and the change is recorded there too", async () => {
    const account = await signUpAccount();
    const session = await openSession(account.user.id, { passkeyId: account.passkey.id });
    const from = Date.now();

    const result = await stepUp(account, session, { backupEligible: true, backedUp: true });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    await expectTurnedSynced(account, from, true);
  });
});

describe("backup flags that do not make a passkey newly synced", () => {
  it("write nothing when they match what is stored", async () => {
    const deviceBound = await signUpAccount();
    const synced = await signUpAccount({ authenticator: { backupEligible: true, backedUp: true } });

    for (const account of [deviceBound, synced]) {
      const before = await backupStateOf(account);
      expect((await signIn(account)).status).toBe(200);
      expect((await signIn(account)).status).toBe(200);
      expect(await backupStateOf(account)).toEqual(before);
      expect(await eventsOf(account)).toEqual(["account_created", "signed_in", "signed_in"]);
      expect(await emailKinds(account.user.id)).toEqual([]);
    }
  });

  it("never downgrade a synced passkey: BS 1 → 0 and even BE 1 → 0 leave it synced", async () => {
    const account = await signUpAccount({ authenticator: { backupEligible: true, backedUp: true } });

    expect((await signIn(account, { backedUp: false })).status).toBe(200);
    expect(await backupStateOf(account)).toEqual({ backupEligible: true, backedUp: false, deviceType: "multiDevice", becameSyncedAt: null });

    expect((await signIn(account, { backupEligible: false, backedUp: false })).status).toBe(200);
    expect(await backupStateOf(account)).toEqual({ backupEligible: true, backedUp: false, deviceType: "multiDevice", becameSyncedAt: null });
    expect(await eventsOf(account)).toEqual(["account_created", "signed_in", "signed_in"]);
  });

  it("keep a passkey that turned synced synced, with its date, when BS later goes 1 → 0", async () => {
    const account = await signUpAccount();
    await signIn(account, { backupEligible: true, backedUp: true });
    const { becameSyncedAt } = await backupStateOf(account);

    expect((await signIn(account, { backedUp: false })).status).toBe(200);
    expect((await signIn(account, { backupEligible: false })).status).toBe(200);

    expect(await backupStateOf(account)).toEqual({ backupEligible: true, backedUp: false, deviceType: "multiDevice", becameSyncedAt });
    expect(await emailKinds(account.user.id)).toEqual(["passkey_became_synced"]);
  });

  it("BS without BE is refused as unverifiable, before any flag is trusted", async () => {
    // The spec forbids BS without BE, and @simplewebauthn/server refuses it before the signature
    // is checked, so nothing in it can be trusted: the passkey keeps its stored state. It never
    // passes as device-bound (lib/server/passkeys/backup-state.test.ts covers the claim itself).
    const account = await signUpAccount();
    const before = await backupStateOf(account);

    expectRefusal(await signIn(account, { backupEligible: false, backedUp: true }), 401, "verification_failed");

    expect(await backupStateOf(account)).toEqual(before);
    expect(await eventsOf(account)).toEqual(["account_created", "sign_in_failed"]);
    expect(await emailKinds(account.user.id)).toEqual([]);
  });
});
