import { randomBytes } from "node:crypto";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DELETE as cancelRoute } from "@/app/api/account/recovery-request/route";
import { DELETE as removePasskeyRoute } from "@/app/api/account/passkeys/[id]/route";
import { POST as openRoute } from "@/app/api/recovery/email/open/route";
import { POST as optionsRoute } from "@/app/api/recovery/email/registration/options/route";
import { POST as verifyRoute } from "@/app/api/recovery/email/registration/verify/route";
import { POST as startRoute } from "@/app/api/recovery/email/start/route";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signInVerify } from "@/app/api/session/sign-in/verify/route";
import { POST as stepUpOptions } from "@/app/api/session/step-up/options/route";
import { POST as stepUpVerify } from "@/app/api/session/step-up/verify/route";
import { prisma } from "@/lib/server/platform/db";
import { forgetTrustedStatementsForTests } from "@/lib/server/ceremonies/attestation";
import { env, replaceEnvForTests } from "@/lib/server/platform/env";
import { BAD_RECOVERY_LINK, RECOVERY_REQUESTED } from "@/lib/server/recovery/email-recovery-input";
import { OTHER_BROWSER } from "@/lib/server/recovery/email-recovery";
import { pendingRecoveryFor } from "@/lib/server/recovery/pending-recovery";
import { openSignInSession } from "@/lib/server/sessions/sign-in-session";
import { recoveryCodeStatus, generateRecoveryCodes } from "@/lib/server/recovery/recovery-codes";
import { createAttestationCa, issueAttestationKey, metadataStatement, writeMetadataDir } from "@/lib/testing/attestation-ca";
import { requestSignInOptions } from "@/lib/testing/ceremonies";
import { deviceCookie, sessionSetBy } from "@/lib/testing/cookies";
import { createUser, openSession, signUpAccount, type SignedUpAccount } from "@/lib/testing/factories";
import { emailKinds, eventTypes, recoveryTokenSentTo } from "@/lib/testing/mail-helpers";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, ORIGIN, TEST_DEVICE_COOKIE, TEST_DEVICE_ID, type RouteResponse } from "@/lib/testing/route-harness";
import { createSoftwareAuthenticator, type SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { uniqueEmail } from "@/lib/testing/unique-email";

const HOUR_MS = 60 * 60 * 1000;
const CLIENT = { ipAddress: null, userAgent: null };

/** Another browser: its own device cookie. */
function strangerBrowser(): string {
  return deviceCookie(randomBytes(16).toString("base64url"));
}

function start(email: string, headers: Record<string, string> = {}): Promise<RouteResponse> {
  return callRoute(startRoute, { path: "/api/recovery/email/start", body: { email }, headers });
}

function open(token: string, cookie: string | null = TEST_DEVICE_COOKIE): Promise<RouteResponse> {
  return callRoute(openRoute, { path: "/api/recovery/email/open", body: { token }, cookie });
}

function options(token: string, cookie: string | null = TEST_DEVICE_COOKIE): Promise<RouteResponse> {
  return callRoute(optionsRoute, { path: "/api/recovery/email/registration/options", body: { token }, cookie });
}

/** Moves the (faked) clock on: the wait is measured in the portal's clock, never slept through. */
function later(ms: number): void {
  vi.setSystemTime(new Date(Date.now() + ms));
}

/** Starts a recovery for the account and opens its link in the test browser: the wait has begun. */
async function startedRecovery(account: { user: { email: string } }): Promise<string> {
  expect((await start(account.user.email)).status).toBe(200);
  const token = await recoveryTokenSentTo(account.user.email);
  expect((await open(token)).status).toBe(200);
  return token;
}

/** Options, a new credential and verify, from `cookie`'s browser: the recovery's last step. */
async function finish(token: string, authenticator: SoftwareAuthenticator, cookie: string = TEST_DEVICE_COOKIE): Promise<RouteResponse> {
  const creation = await options(token, cookie);
  if (creation.status !== 200) return creation;
  const response = await authenticator.createCredential(creation.body as PublicKeyCredentialCreationOptionsJSON, { origin: ORIGIN });
  return callRoute(verifyRoute, { path: "/api/recovery/email/registration/verify", body: { token, response }, cookie });
}

/** A step-up with `authenticator`'s first passkey, offered or not (a tampered browser may answer with any). */
async function stepUp(cookie: string, authenticator: SoftwareAuthenticator): Promise<RouteResponse> {
  const asked = await callRoute(stepUpOptions, { path: "/api/session/step-up/options", cookie });
  expect(asked.status, JSON.stringify(asked.body)).toBe(200);
  const credentialId = authenticator.credentials()[0].id;
  const response = await authenticator.getAssertion(asked.body as PublicKeyCredentialRequestOptionsJSON, { origin: ORIGIN, credentialId });
  return callRoute(stepUpVerify, { path: "/api/session/step-up/verify", cookie, body: { response } });
}

function recoveryOf(userId: string) {
  return prisma.accountRecovery.findFirstOrThrow({ where: { userId }, orderBy: { requestedAt: "desc" } });
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  await prisma.rateLimit.deleteMany();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("POST /api/recovery/email/start", () => {
  it("answers every address alike, and mails a link only to an account's confirmed address", async () => {
    const { user } = await signUpAccount();
    const unconfirmed = await createUser({ confirmed: false });
    const nobody = uniqueEmail("nobody");

    const answers = [await start(user.email.toUpperCase()), await start(unconfirmed.email), await start(nobody)];

    for (const answer of answers) expect(answer).toMatchObject({ status: 200, body: { message: RECOVERY_REQUESTED } });
    expect(await emailKinds(user.id)).toEqual(["email_recovery_link"]);
    expect(await prisma.outboxEmail.count({ where: { toAddress: { in: [unconfirmed.email, nobody] } } })).toBe(0);
    expect(await prisma.accountRecovery.count({ where: { userId: unconfirmed.id } })).toBe(0);
    const recovery = await recoveryOf(user.id);
    expect(recovery).toMatchObject({ deviceId: null, startedAt: null, readyAt: null, cancelledAt: null, completedAt: null });
    // Only the link's hash is stored.
    const token = await recoveryTokenSentTo(user.email);
    expect(recovery.tokenHash).not.toContain(token);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect((await eventTypes(user.id)).sort()).toEqual(["account_created", "email_recovery_requested"]);
  });

  it("creates and sends nothing more while a recovery is in progress, waiting or not yet opened", async () => {
    const account = await signUpAccount();
    expect((await start(account.user.email)).status).toBe(200);
    expect((await start(account.user.email)).body).toEqual({ message: RECOVERY_REQUESTED });
    await open(await recoveryTokenSentTo(account.user.email));

    expect((await start(account.user.email)).body).toEqual({ message: RECOVERY_REQUESTED });

    expect(await prisma.accountRecovery.count({ where: { userId: account.user.id } })).toBe(1);
    expect((await emailKinds(account.user.id)).filter((kind) => kind === "email_recovery_link")).toHaveLength(1);
  });

  it("limits requests per email (3 an hour) and per IP address (10 an hour) with 429", async () => {
    const { user } = await signUpAccount();
    for (let attempt = 1; attempt <= 3; attempt += 1) expect((await start(user.email)).status).toBe(200);
    expectRefusal(await start(user.email), 429, "rate_limited");

    const headers = { "x-forwarded-for": "198.51.100.77" };
    for (let attempt = 1; attempt <= 10; attempt += 1) expect((await start(uniqueEmail("guess"), headers)).status).toBe(200);
    expectRefusal(await start(uniqueEmail("guess"), headers), 429, "rate_limited");
  });

  it("answers a malformed body with 400, not 500", async () => {
    expectRefusal(await callRoute(startRoute, { rawBody: "{nope" }), 400, "invalid_json");
    expectRefusal(await start("not an email"), 400, "invalid_request");
    expectRefusal(await callRoute(startRoute, { body: [] }), 400, "invalid_request");
  });
});

describe("POST /api/recovery/email/open", () => {
  it("binds the recovery to the first browser, starts the wait and schedules the owner's emails from RECOVERY_DELAY_HOURS", async () => {
    const account = await signUpAccount();
    await start(account.user.email);
    const token = await recoveryTokenSentTo(account.user.email);
    const openedAt = Date.now();
    const delay = env().recoveryDelayMs;

    const result = await open(token);

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body).toEqual({ status: "waiting", readyAt: new Date(openedAt + delay).toISOString() });
    expect(await recoveryOf(account.user.id)).toMatchObject({ deviceId: "test-browser-device-id", startedAt: new Date(openedAt), readyAt: new Date(openedAt + delay) });
    const mails = await prisma.outboxEmail.findMany({ where: { userId: account.user.id, kind: { startsWith: "email_recovery_" } }, orderBy: { nextAttemptAt: "asc" } });
    expect(mails.map((mail) => [mail.kind, mail.toAddress, mail.nextAttemptAt.getTime() - openedAt])).toEqual([
      ["email_recovery_link", account.user.email, expect.any(Number)],
      ["email_recovery_started", account.user.email, 0],
      ["email_recovery_halfway", account.user.email, delay / 2],
      ["email_recovery_ready", account.user.email, delay],
    ]);
    expect(mails[1].text).toContain("Cancel recovery");
    expect((await eventTypes(account.user.id)).sort()).toEqual(["account_created", "email_recovery_requested", "email_recovery_started"]);
    expect(await pendingRecoveryFor(account.user.id)).toEqual({ startedAt: new Date(openedAt), readyAt: new Date(openedAt + delay), ready: false });
  });

  it("also tells the address an email change replaced within 30 days, so a taken-over address cannot recover quietly", async () => {
    const account = await signUpAccount();
    const previous = uniqueEmail("previous");
    await prisma.emailChange.create({
      data: { userId: account.user.id, previousAddress: previous, newAddress: account.user.email, noticeUntil: new Date(Date.now() + 24 * HOUR_MS) },
    });

    await startedRecovery(account);

    const kinds = await prisma.outboxEmail.findMany({ where: { toAddress: previous }, select: { kind: true } });
    expect(kinds.map(({ kind }) => kind).sort()).toEqual(["email_recovery_halfway", "email_recovery_ready", "email_recovery_started"]);
    // The link itself goes only to the confirmed address.
    expect(await prisma.outboxEmail.count({ where: { toAddress: previous, kind: "email_recovery_link" } })).toBe(0);
  });

  it("tells the same browser how far it is, and refuses any other browser", async () => {
    const account = await signUpAccount();
    const token = await startedRecovery(account);
    const { readyAt } = await recoveryOf(account.user.id);

    later(HOUR_MS);
    expect((await open(token)).body).toEqual({ status: "waiting", readyAt: readyAt?.toISOString() });
    expect(expectRefusal(await open(token, strangerBrowser()), 403, "recovery_other_browser")).toBe(OTHER_BROWSER);
    // A browser without a device cookie is another browser too.
    expectRefusal(await open(token, null), 403, "recovery_other_browser");
    later(env().recoveryDelayMs);
    expect((await open(token)).body).toEqual({ status: "ready", readyAt: readyAt?.toISOString() });
    // Reopening starts nothing again: still one "started" email and event.
    expect((await emailKinds(account.user.id)).filter((kind) => kind === "email_recovery_started")).toHaveLength(1);
    expect(await recoveryOf(account.user.id)).toMatchObject({ readyAt });
  });

  it("gives a browser without a device cookie one, and binds the recovery to it", async () => {
    const account = await signUpAccount();
    await start(account.user.email);

    const result = await open(await recoveryTokenSentTo(account.user.email), null);

    expect(result.status).toBe(200);
    const deviceId = (await recoveryOf(account.user.id)).deviceId;
    expect(result.headers.getSetCookie().join()).toContain(`portal.device=${deviceId}`);
  });

  it("refuses an unknown or malformed link, and one never opened within 24 hours", async () => {
    const account = await signUpAccount();
    await start(account.user.email);
    const token = await recoveryTokenSentTo(account.user.email);

    expect(expectRefusal(await open(randomBytes(32).toString("base64url")), 400, "recovery_link_invalid")).toBe(BAD_RECOVERY_LINK);
    expectRefusal(await open("short"), 400, "invalid_request");
    later(24 * HOUR_MS);
    expectRefusal(await open(token), 400, "recovery_link_invalid");

    // The expired request no longer holds the account's one place: a new one mails a new link.
    expect((await start(account.user.email)).status).toBe(200);
    const fresh = await recoveryTokenSentTo(account.user.email);
    expect(fresh).not.toBe(token);
    expect((await open(fresh)).status).toBe(200);
    expect(await prisma.accountRecovery.findMany({ where: { userId: account.user.id }, select: { cancelReason: true }, orderBy: { requestedAt: "asc" } })).toEqual([
      { cancelReason: "expired" },
      { cancelReason: null },
    ]);
  });
});

describe("finishing a recovery", () => {
  it("refuses to create a passkey before the wait is over, and from another browser", async () => {
    const account = await signUpAccount();
    const token = await startedRecovery(account);

    expectRefusal(await options(token), 409, "recovery_not_ready");
    later(env().recoveryDelayMs - 1000);
    expectRefusal(await options(token), 409, "recovery_not_ready");
    later(1000);
    expectRefusal(await options(token, strangerBrowser()), 403, "recovery_other_browser");
    expect((await options(token)).status).toBe(200);
  });

  it("registers the new passkey, signs out everywhere, spends the codes, marks the old passkeys and opens a recovery session", async () => {
    const account = await signUpAccount();
    await generateRecoveryCodes(account.user.id, CLIENT);
    const elsewhere = await openSession(account.user.id, { passkeyId: account.passkey.id });
    const token = await startedRecovery(account);
    later(env().recoveryDelayMs);
    const fresh = createSoftwareAuthenticator();

    const result = await finish(token, fresh);

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const { passkey } = result.body as { passkey: { id: string; name: string } };
    const session = await sessionSetBy(result);
    const row = await prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row).toMatchObject({ userId: account.user.id, method: "recovery", verifiedAt: null, passkeyId: passkey.id, deviceId: "test-browser-device-id", needsPasskeyHere: false });
    expect(await prisma.session.count({ where: { userId: account.user.id, revokedAt: null } })).toBe(1);
    expect((await prisma.session.findUniqueOrThrow({ where: { id: elsewhere.id } })).revokedAt).not.toBeNull();
    const passkeys = await prisma.passkey.findMany({ where: { userId: account.user.id } });
    expect(passkeys.find((key) => key.id === account.passkey.id)?.beforeRecoveryAt).toEqual(new Date(Date.now()));
    expect(passkeys.find((key) => key.id === passkey.id)).toMatchObject({ beforeRecoveryAt: null, addedInSessionId: session.id });
    expect(await recoveryCodeStatus(account.user.id)).toMatchObject({ unused: 0, total: 10 });
    expect((await recoveryOf(account.user.id)).completedAt).not.toBeNull();
    expect(await pendingRecoveryFor(account.user.id)).toBeNull();
    const kinds = await emailKinds(account.user.id);
    expect(kinds).toContain("email_recovery_completed");
    // The end-of-wait reminder had not gone out yet (no worker in tests): the completion notice replaces it.
    expect(kinds).not.toContain("email_recovery_ready");
    expect(await eventTypes(account.user.id)).toEqual(expect.arrayContaining(["signed_in", "email_recovery_completed"]));
    const signedIn = await prisma.securityEvent.findFirstOrThrow({ where: { userId: account.user.id, type: "signed_in" }, orderBy: { createdAt: "desc" } });
    expect(signedIn.detail).toEqual({ method: "email_recovery", passkeyName: passkey.name });
  });

  it("lets only the new passkey confirm the recovery session, which cannot remove a passkey until it has", async () => {
    const account = await signUpAccount();
    const token = await startedRecovery(account);
    later(env().recoveryDelayMs);
    const fresh = createSoftwareAuthenticator();
    const result = await finish(token, fresh);
    const { cookie } = await sessionSetBy(result);
    const remove = () => callRoute(removePasskeyRoute, { method: "DELETE", cookie, params: { id: account.passkey.id } });

    expectRefusal(await remove(), 403, "step_up_required");
    // The old passkey (which an attacker finishing a recovery would not hold) cannot vouch for it either.
    expect((await callRoute(stepUpOptions, { cookie })).body).toMatchObject({ allowCredentials: [{ id: fresh.credentials()[0].id }] });
    expectRefusal(await stepUp(cookie, account.authenticator), 403, "recovery_passkey_only");
    expectRefusal(await remove(), 403, "step_up_required");

    expect((await stepUp(cookie, fresh)).status).toBe(200);
    expect((await remove()).status).toBe(200);
  });

  it("refuses the link after it was used: open, options and verify", async () => {
    const account = await signUpAccount();
    const token = await startedRecovery(account);
    later(env().recoveryDelayMs);
    expect((await finish(token, createSoftwareAuthenticator())).status).toBe(200);

    expectRefusal(await open(token), 400, "recovery_link_invalid");
    expectRefusal(await finish(token, createSoftwareAuthenticator()), 400, "recovery_link_invalid");
    expect(await prisma.passkey.count({ where: { userId: account.user.id } })).toBe(2);
  });

  it("keeps the account's device-bound-only policy: a synced passkey is refused and the recovery stays open", async () => {
    const account = await signUpAccount();
    await prisma.user.update({ where: { id: account.user.id }, data: { deviceBoundOnly: true } });
    const token = await startedRecovery(account);
    later(env().recoveryDelayMs);

    expectRefusal(await finish(token, createSoftwareAuthenticator({ backupEligible: true, backedUp: true })), 409, "synced_not_allowed");

    expect((await recoveryOf(account.user.id)).completedAt).toBeNull();
    expect(await prisma.session.count({ where: { userId: account.user.id, revokedAt: null } })).toBe(1);
    expect((await finish(token, createSoftwareAuthenticator())).status).toBe(200);
  });

  it("keeps the deployment's policy: a passkey without trusted attestation is refused and the recovery stays open", async () => {
    const aaguid = "4c0d4e2a-1b7f-4d6e-9a55-0a1b2c3d4e5f";
    const ca = await createAttestationCa();
    const account = await signUpAccount();
    const token = await startedRecovery(account);
    later(env().recoveryDelayMs);
    replaceEnvForTests({ ...process.env, PASSKEY_POLICY: "device-bound", METADATA_DIR: writeMetadataDir([metadataStatement(aaguid, ca)]) });
    try {
      expectRefusal(await finish(token, createSoftwareAuthenticator({ backupEligible: true, backedUp: true })), 403, "attestation_not_trusted");
      expect((await recoveryOf(account.user.id)).completedAt).toBeNull();
      const securityKey = createSoftwareAuthenticator({ aaguid, attestation: await issueAttestationKey(ca, aaguid) });
      expect((await finish(token, securityKey)).status).toBe(200);
    } finally {
      replaceEnvForTests();
      await forgetTrustedStatementsForTests();
    }
  });

  it("refuses a recovery left unused for 7 days after it was ready", async () => {
    const account = await signUpAccount();
    const token = await startedRecovery(account);
    later(env().recoveryDelayMs + 7 * 24 * HOUR_MS);

    expectRefusal(await options(token), 400, "recovery_link_invalid");
    expect(await pendingRecoveryFor(account.user.id)).toBeNull();
  });

  it("refuses a verify whose challenge was not issued for this recovery", async () => {
    const account = await signUpAccount();
    const token = await startedRecovery(account);
    later(env().recoveryDelayMs);
    const other = await signUpAccount();
    const otherToken = await startedRecovery(other);
    later(env().recoveryDelayMs);
    // Options for the other recovery, answered into this one.
    const creation = await options(otherToken);
    const response = await createSoftwareAuthenticator().createCredential(creation.body as PublicKeyCredentialCreationOptionsJSON, { origin: ORIGIN });

    const result = await callRoute(verifyRoute, { body: { token, response } });

    expectRefusal(result, 400, "challenge_invalid");
    expect((await recoveryOf(account.user.id)).completedAt).toBeNull();
    expectRefusal(await callRoute(verifyRoute, { body: { token } }), 400, "invalid_request");
  });
});

describe("cancelling a recovery", () => {
  it("takes only the signed-in session, drops the scheduled reminders and nothing else, and mails the owner", async () => {
    const account = await signUpAccount();
    const token = await startedRecovery(account);
    // An unrelated notice still waiting to go out must survive the cancellation.
    await prisma.outboxEmail.create({ data: { userId: account.user.id, kind: "passkey_added", toAddress: account.user.email, subject: "s", text: "t", html: "h" } });
    const session = await openSession(account.user.id, { passkeyId: account.passkey.id });

    const result = await callRoute(cancelRoute, { method: "DELETE", cookie: session.cookie });

    expect(result).toMatchObject({ status: 200, body: { cancelled: true } });
    expect(await recoveryOf(account.user.id)).toMatchObject({ cancelReason: "owner", cancelledAt: expect.any(Date) });
    // Sorted: the faked clock stands still, so these rows share one timestamp.
    expect((await emailKinds(account.user.id)).sort()).toEqual(["email_recovery_cancelled", "email_recovery_link", "email_recovery_started", "passkey_added"]);
    expect((await eventTypes(account.user.id)).sort()).toEqual(["account_created", "email_recovery_cancelled", "email_recovery_requested", "email_recovery_started"]);
    expect(await pendingRecoveryFor(account.user.id)).toBeNull();
    expectRefusal(await open(token), 400, "recovery_link_invalid");
    later(env().recoveryDelayMs);
    expectRefusal(await options(token), 400, "recovery_link_invalid");
    expectRefusal(await callRoute(cancelRoute, { method: "DELETE", cookie: session.cookie }), 404, "no_recovery");
  });

  it("is refused signed out, and another account's session cannot touch this account's recovery", async () => {
    const account = await signUpAccount();
    const token = await startedRecovery(account);
    const stranger = await signUpAccount();
    const strangerSession = await openSession(stranger.user.id, { passkeyId: stranger.passkey.id });

    expectRefusal(await callRoute(cancelRoute, { method: "DELETE", cookie: null }), 401, "signed_out");
    expectRefusal(await callRoute(cancelRoute, { method: "DELETE", cookie: strangerSession.cookie }), 404, "no_recovery");
    later(env().recoveryDelayMs);
    // Their signed-in browser is not the one that opened the link.
    expectRefusal(await finish(token, createSoftwareAuthenticator(), `${strangerSession.cookie}; ${strangerBrowser()}`), 403, "recovery_other_browser");
    expect((await recoveryOf(account.user.id)).cancelledAt).toBeNull();
  });

  it.each([
    ["a browser the account has used (the one-statement sign-in)", () => TEST_DEVICE_COOKIE],
    ["a new browser", strangerBrowser],
  ])("is what any passkey sign-in during the wait does, from %s", async (_name, browser) => {
    const account: SignedUpAccount = await signUpAccount();
    const token = await startedRecovery(account);
    const cookie = browser();

    const asked = await callRoute(signInOptions, { path: "/api/session/sign-in/options", body: {}, cookie });
    const response = await account.authenticator.getAssertion(asked.body as PublicKeyCredentialRequestOptionsJSON, { origin: ORIGIN });
    const signedIn = await callRoute(signInVerify, { path: "/api/session/sign-in/verify", body: { response }, cookie });

    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(await recoveryOf(account.user.id)).toMatchObject({ cancelReason: "passkey_sign_in", cancelledAt: expect.any(Date) });
    const cancelled = await prisma.securityEvent.findFirstOrThrow({ where: { userId: account.user.id, type: "email_recovery_cancelled" } });
    expect(cancelled.detail).toEqual({ reason: "passkey_sign_in" });
    const kinds = await emailKinds(account.user.id);
    expect(kinds).toContain("email_recovery_cancelled");
    expect(kinds).not.toContain("email_recovery_halfway");
    later(env().recoveryDelayMs);
    expectRefusal(await options(token), 400, "recovery_link_invalid");
  });

  it("cancels, in the one-statement sign-in itself, a recovery that began after the sign-in looked for one", async () => {
    const account = await signUpAccount();
    await startedRecovery(account);

    // As if the link had been opened between the assertion's check and the session's statement.
    await openSignInSession({ userId: account.user.id, passkey: account.passkey, method: "passkey", deviceId: TEST_DEVICE_ID, client: CLIENT, knownDevice: true, recoveryPending: false });

    expect(await recoveryOf(account.user.id)).toMatchObject({ cancelReason: "passkey_sign_in", cancelledAt: expect.any(Date) });
    expect(await eventTypes(account.user.id)).toContain("email_recovery_cancelled");
    const kinds = await emailKinds(account.user.id);
    expect(kinds).toContain("email_recovery_cancelled");
    expect(kinds).not.toContain("email_recovery_halfway");
  });

  it("leaves a sign-in without a recovery in progress on the one-statement path, recording nothing about recovery", async () => {
    const account = await signUpAccount();
    const asked = await requestSignInOptions(signInOptions);
    const response = await account.authenticator.getAssertion(asked, { origin: ORIGIN });

    expect((await callRoute(signInVerify, { body: { response } })).status).toBe(200);

    expect((await eventTypes(account.user.id)).sort()).toEqual(["account_created", "signed_in"]);
  });
});
