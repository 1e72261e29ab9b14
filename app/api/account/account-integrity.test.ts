import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { describe, expect, it } from "vitest";
import { DELETE as deleteAccountRoute } from "@/app/api/account/route";
import { PUT as policyRoute } from "@/app/api/account/policy/route";
import { DELETE as removePasskeyRoute } from "@/app/api/account/passkeys/[id]/route";
import { POST as addOptions } from "@/app/api/account/passkeys/registration/options/route";
import { POST as addVerify } from "@/app/api/account/passkeys/registration/verify/route";
import { POST as generateCodes } from "@/app/api/recovery/codes/route";
import { POST as stepUpOptions } from "@/app/api/session/step-up/options/route";
import { POST as stepUpVerify } from "@/app/api/session/step-up/verify/route";
import { prisma } from "@/lib/server/platform/db";
import { expireStepUp, openSession, type SignedInSession, type SignedUpAccount, signUpAccount } from "@/lib/testing/factories";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, ORIGIN, type RouteResponse } from "@/lib/testing/route-harness";
import { createSoftwareAuthenticator, type SoftwareAuthenticator, type SoftwareAuthenticatorOptions } from "@/lib/testing/software-authenticator";

// What someone holding a session they should not have (left open, or opened with a phished
// recovery code) can do with it: nothing that outlives the session.

const KEY: SoftwareAuthenticatorOptions = { attachment: "cross-platform", transports: ["usb"] };

async function addPasskey(session: SignedInSession, authenticator: SoftwareAuthenticator = createSoftwareAuthenticator(KEY)): Promise<RouteResponse> {
  const options = await callRoute(addOptions, { cookie: session.cookie });
  if (options.status !== 200) return options;
  const response = await authenticator.createCredential(options.body as PublicKeyCredentialCreationOptionsJSON, { origin: ORIGIN });
  return callRoute(addVerify, { cookie: session.cookie, body: { response } });
}

/** A step-up answered by `authenticator` with `credentialId` (whatever the allow list says). */
async function stepUp(session: SignedInSession, authenticator: SoftwareAuthenticator, credentialId?: string): Promise<RouteResponse> {
  const options = await callRoute(stepUpOptions, { cookie: session.cookie });
  if (options.status !== 200) return options;
  const assertion = await authenticator.getAssertion(options.body as PublicKeyCredentialRequestOptionsJSON, { origin: ORIGIN, credentialId });
  return callRoute(stepUpVerify, { cookie: session.cookie, body: { response: assertion } });
}

function sensitiveChanges(session: SignedInSession, account: SignedUpAccount) {
  return {
    removeOwnersPasskey: () => callRoute(removePasskeyRoute, { method: "DELETE", cookie: session.cookie, params: { id: account.passkey.id } }),
    changePolicy: () => callRoute(policyRoute, { method: "PUT", cookie: session.cookie, body: { deviceBoundOnly: true } }),
    regenerateCodes: () => callRoute(generateCodes, { cookie: session.cookie }),
    deleteAccount: () => callRoute(deleteAccountRoute, { method: "DELETE", cookie: session.cookie, body: { email: account.user.email } }),
  };
}

describe("a session whose passkey check is older than the step-up window", () => {
  it("cannot add a passkey: the options request asks for a passkey check and stores no challenge", async () => {
    const { user } = await signUpAccount();
    const session = await openSession(user.id);
    await expireStepUp(session.id);
    const challengesBefore = await prisma.challenge.count({ where: { userId: user.id } });

    expectRefusal(await callRoute(addOptions, { cookie: session.cookie }), 403, "step_up_required");

    expect(await prisma.challenge.count({ where: { userId: user.id } })).toBe(challengesBefore);
    expect(await prisma.passkey.count({ where: { userId: user.id } })).toBe(1);
  });

  it("can add one again after a passkey check with the owner's passkey", async () => {
    const account = await signUpAccount();
    const session = await openSession(account.user.id);
    await expireStepUp(session.id);

    expect((await stepUp(session, account.authenticator)).status).toBe(200);
    expect((await addPasskey(session)).status).toBe(200);
    expect(await prisma.passkey.count({ where: { userId: account.user.id } })).toBe(2);
  });
});

describe("a passkey added in a session", () => {
  it("never confirms sensitive changes in that session, so an intruder's own passkey cannot extend it", async () => {
    const account = await signUpAccount();
    const session = await openSession(account.user.id);
    const intruderKey = createSoftwareAuthenticator(KEY);
    // The intruder adds a passkey while the window is still open…
    expect((await addPasskey(session, intruderKey)).status).toBe(200);
    const [intruderCredential] = intruderKey.credentials();
    // …and once it has passed, tries to vouch for the session with it.
    await expireStepUp(session.id);

    const options = await callRoute(stepUpOptions, { cookie: session.cookie });
    expect((options.body as PublicKeyCredentialRequestOptionsJSON).allowCredentials?.map((credential) => credential.id)).toEqual([account.passkey.credentialId]);
    expectRefusal(await stepUp(session, intruderKey, intruderCredential.id), 403, "passkey_not_eligible");

    const changes = sensitiveChanges(session, account);
    for (const change of Object.values(changes)) expectRefusal(await change(), 403, "step_up_required");
    expect(await prisma.passkey.findUnique({ where: { id: account.passkey.id } })).not.toBeNull();
    expect(await prisma.recoveryCode.count({ where: { userId: account.user.id } })).toBe(0);
  });
});

describe("a session opened with a recovery code", () => {
  it("can do nothing sensitive until it has added a passkey and confirmed with that passkey", async () => {
    const account = await signUpAccount();
    const recovery = await openSession(account.user.id, { method: "recovery" });
    const changes = sensitiveChanges(recovery, account);

    for (const change of Object.values(changes)) expectRefusal(await change(), 403, "step_up_required");
    // Nothing to confirm with yet, not even the account's older passkeys (the code may be phished).
    expectRefusal(await callRoute(stepUpOptions, { cookie: recovery.cookie }), 403, "add_passkey_first");
    expectRefusal(await stepUp(recovery, account.authenticator, account.passkey.credentialId), 403, "add_passkey_first");

    // It may add a passkey without a check: that is how it proves itself.
    const newDevice = createSoftwareAuthenticator(KEY);
    expect((await addPasskey(recovery, newDevice)).status).toBe(200);
    for (const change of Object.values(changes)) expectRefusal(await change(), 403, "step_up_required");

    expect((await stepUp(recovery, newDevice)).status).toBe(200);
    expect((await changes.regenerateCodes()).status).toBe(200);
    expect((await changes.deleteAccount()).status).toBe(200);
    expect(await prisma.user.findUnique({ where: { id: account.user.id } })).toBeNull();
  });

  it("is refused account deletion outright while unproven, and nothing is deleted", async () => {
    const account = await signUpAccount();
    const recovery = await openSession(account.user.id, { method: "recovery" });

    expectRefusal(await sensitiveChanges(recovery, account).deleteAccount(), 403, "step_up_required");
    expect(await prisma.user.findUnique({ where: { id: account.user.id } })).not.toBeNull();
    expect(await prisma.passkey.count({ where: { userId: account.user.id } })).toBe(1);
  });
});
