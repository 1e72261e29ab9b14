// Every operation that changes an account's security state writes the change, its activity entry
// and its email in one transaction. Each case below makes the entry (or the email) fail inside
// the database, as a crash between the steps would, and checks that nothing of the change is left.
import { afterEach, describe, expect, it } from "vitest";
import { deleteAccount, setDeviceBoundOnly, updateDisplayName } from "./accounts/account";
import { confirmWithCode } from "./accounts/confirm-email";
import { requestConfirmation } from "./accounts/email-confirmation";
import { removePasskey, renamePasskey } from "./passkeys/passkeys";
import { noteBackupState } from "./passkeys/backup-state";
import { prisma } from "./platform/db";
import { generateRecoveryCodes, signInWithRecoveryCode } from "./recovery/recovery-codes";
import { finishEmailRecovery, openRecoveryLink, requestEmailRecovery, startRecoveryRegistration } from "./recovery/email-recovery";
import { cancelRecovery } from "./recovery/pending-recovery";
import { createSoftwareAuthenticator } from "../testing/software-authenticator";
import { ORIGIN } from "../testing/route-harness";
import { openSignInSession } from "./sessions/sign-in-session";
import { signOutEverywhereElse, signOutOtherSession, signOutSession } from "./sessions/sign-out";
import { accountState } from "../testing/account-state";
import { addPasskeyTo, createUserWithRecoveryCodes, openSession, signUpAccount, type SignedUpAccount } from "../testing/factories";
import { confirmationCodeSentTo, failQueuingEmails, failRecordingEvents, recoveryTokenSentTo } from "../testing/mail-helpers";
import { uniqueEmail } from "../testing/unique-email";

const CLIENT = { userAgent: "Vitest", ipAddress: "192.0.2.1" };
const RECOVERING_BROWSER = "recovering-browser-0000";

/** A recovery through the account's email, its link opened in RECOVERING_BROWSER: the wait has begun. */
async function recoveryStarted(email: string): Promise<string> {
  await requestEmailRecovery(email, CLIENT);
  const token = await recoveryTokenSentTo(email);
  await openRecoveryLink(token, RECOVERING_BROWSER, CLIENT);
  return token;
}

/** What a failed operation must leave exactly as it was: accounts, passkeys, sessions, codes, activity, mail. */
async function securityState(): Promise<unknown> {
  const [accounts, recoveryCodes, confirmations, emailChanges, events, outbox, recoveries] = await Promise.all([
    accountState(),
    prisma.recoveryCode.findMany({ orderBy: { id: "asc" } }),
    prisma.emailConfirmation.findMany({ orderBy: { id: "asc" } }),
    prisma.emailChange.findMany({ orderBy: { id: "asc" } }),
    prisma.securityEvent.findMany({ orderBy: { id: "asc" } }),
    prisma.outboxEmail.findMany({ orderBy: { id: "asc" } }),
    prisma.accountRecovery.findMany({ orderBy: { id: "asc" } }),
  ]);
  // A code guess is counted before the change, on purpose (it costs an attempt either way).
  const confirmationsApartFromGuesses = confirmations.map(({ attempts: _attempts, ...row }) => row);
  return { accounts, recoveryCodes, confirmations: confirmationsApartFromGuesses, emailChanges, events, outbox, recoveries };
}

let restore: (() => Promise<void>) | null = null;
afterEach(async () => {
  await restore?.();
  restore = null;
});

interface Case {
  name: string;
  /** The activity entry the operation writes, and the email it queues, if any. */
  event: string;
  email?: string;
  /** Sets the account up and returns the operation to run against it. */
  arrange: (account: SignedUpAccount) => Promise<() => Promise<unknown>>;
}

const CASES: Case[] = [
  {
    name: "adding a passkey",
    event: "passkey_added",
    email: "passkey_added",
    arrange: async ({ user }) => {
      const session = await openSession(user.id);
      return () => addPasskeyTo(user, {}, null, session.id);
    },
  },
  {
    name: "removing a passkey",
    event: "passkey_removed",
    email: "passkey_removed",
    arrange: async ({ user }) => {
      const { passkey } = await addPasskeyTo(user);
      await openSession(user.id, { passkeyId: passkey.id });
      return () => removePasskey(user.id, passkey.id, CLIENT);
    },
  },
  {
    name: "renaming a passkey",
    event: "passkey_renamed",
    arrange: async ({ user, passkey }) => () => renamePasskey(user.id, passkey.id, "Renamed", CLIENT),
  },
  {
    name: "a passkey turning synced",
    event: "passkey_became_synced",
    email: "passkey_became_synced",
    arrange: async ({ passkey }) => () => noteBackupState(passkey, { credentialDeviceType: "multiDevice", credentialBackedUp: true }, CLIENT),
  },
  {
    name: "turning on device-bound-only",
    event: "policy_changed",
    arrange: async ({ user }) => {
      const current = await openSession(user.id);
      await addPasskeyTo(user, { backupEligible: true, backedUp: true });
      return () => setDeviceBoundOnly(current, true, CLIENT);
    },
  },
  {
    name: "changing the name",
    event: "profile_changed",
    arrange: async ({ user }) => () => updateDisplayName(user.id, "Someone Else", CLIENT),
  },
  {
    name: "asking to change the email address",
    event: "email_change_requested",
    email: "email_change_confirmation",
    arrange: async ({ user }) => () => requestConfirmation(user, "change", uniqueEmail("new"), CLIENT),
  },
  {
    name: "changing the email address with its code",
    event: "email_changed",
    email: "email_changed",
    arrange: async ({ user }) => {
      const address = uniqueEmail("new");
      await requestConfirmation(user, "change", address, CLIENT);
      const code = await confirmationCodeSentTo(address);
      return () => confirmWithCode(user.id, code, CLIENT);
    },
  },
  {
    name: "generating recovery codes",
    event: "recovery_codes_generated",
    email: "recovery_codes_generated",
    arrange: async ({ user }) => () => generateRecoveryCodes(user.id, CLIENT),
  },
  {
    name: "signing in from a new browser",
    event: "signed_in",
    email: "new_device_sign_in",
    arrange: async ({ user, passkey }) => () =>
      openSignInSession({ userId: user.id, passkey, method: "passkey", deviceId: "a-browser-never-seen", client: CLIENT }),
  },
  {
    name: "signing in from a known browser (one statement)",
    event: "signed_in",
    arrange: async ({ user, passkey }) => () =>
      openSignInSession({ userId: user.id, passkey, method: "passkey", deviceId: "known", client: CLIENT, knownDevice: true }),
  },
  {
    name: "signing out",
    event: "session_signed_out",
    arrange: async ({ user }) => {
      const session = await openSession(user.id);
      return () => signOutSession(session.id);
    },
  },
  {
    name: "signing out another device",
    event: "session_signed_out",
    arrange: async ({ user }) => {
      const [current, other] = [await openSession(user.id), await openSession(user.id)];
      return () => signOutOtherSession(current, other.id, CLIENT);
    },
  },
  {
    name: "signing out everywhere else",
    event: "session_signed_out",
    arrange: async ({ user }) => {
      const current = await openSession(user.id);
      await openSession(user.id);
      return () => signOutEverywhereElse(current, CLIENT);
    },
  },
  {
    name: "asking to recover the account by email",
    event: "email_recovery_requested",
    email: "email_recovery_link",
    arrange: async ({ user }) => () => requestEmailRecovery(user.email, CLIENT),
  },
  {
    name: "opening a recovery link (the wait starts)",
    event: "email_recovery_started",
    email: "email_recovery_halfway",
    arrange: async ({ user }) => {
      await requestEmailRecovery(user.email, CLIENT);
      const token = await recoveryTokenSentTo(user.email);
      return () => openRecoveryLink(token, RECOVERING_BROWSER, CLIENT);
    },
  },
  {
    name: "cancelling a recovery",
    event: "email_recovery_cancelled",
    email: "email_recovery_cancelled",
    arrange: async ({ user }) => {
      await recoveryStarted(user.email);
      return () => cancelRecovery({ userId: user.id }, CLIENT);
    },
  },
  {
    name: "signing in with a passkey during a recovery (which cancels it)",
    event: "email_recovery_cancelled",
    email: "email_recovery_cancelled",
    arrange: async ({ user, passkey }) => {
      await recoveryStarted(user.email);
      return () => openSignInSession({ userId: user.id, passkey, method: "passkey", deviceId: "known", client: CLIENT, knownDevice: true, recoveryPending: true });
    },
  },
  {
    name: "finishing a recovery with a new passkey",
    event: "email_recovery_completed",
    email: "email_recovery_completed",
    arrange: async ({ user }) => {
      const token = await recoveryStarted(user.email);
      await prisma.accountRecovery.updateMany({ where: { userId: user.id }, data: { readyAt: new Date(Date.now() - 1000) } });
      const creation = await startRecoveryRegistration(token, RECOVERING_BROWSER);
      const response = await createSoftwareAuthenticator().createCredential(creation, { origin: ORIGIN });
      return () => finishEmailRecovery(token, response, { deviceId: RECOVERING_BROWSER, client: CLIENT });
    },
  },
];

describe.each(CASES)("$name", ({ event, email, arrange }) => {
  it(`leaves no trace when its activity entry (${event}) can't be written`, async () => {
    const run = await arrange(await signUpAccount());
    const before = await securityState();
    restore = await failRecordingEvents(event);
    await expect(run()).rejects.toThrow(/activity log unavailable/);
    expect(await securityState()).toEqual(before);
  });

  it("does write its entry when nothing fails (the case above is not vacuous)", async () => {
    const account = await signUpAccount();
    const run = await arrange(account);
    await run();
    const types = (await prisma.securityEvent.findMany({ where: { userId: account.user.id } })).map((row) => row.type);
    expect(types).toContain(event);
    if (email) expect((await prisma.outboxEmail.findMany({ where: { userId: account.user.id, kind: email } })).length).toBeGreaterThan(0);
  });
});

const MAILING = CASES.filter((entry): entry is Case & { email: string } => entry.email !== undefined);

describe.each(MAILING)("$name", ({ email, arrange }) => {
  it(`leaves no trace when its email (${email}) can't be queued`, async () => {
    const run = await arrange(await signUpAccount());
    const before = await securityState();
    restore = await failQueuingEmails(email);
    await expect(run()).rejects.toThrow(/activity log unavailable/);
    expect(await securityState()).toEqual(before);
  });
});

describe("deleting the account", () => {
  it("keeps the account when the notice that it was deleted can't be queued", async () => {
    const { user } = await signUpAccount();
    const before = await securityState();
    restore = await failQueuingEmails("account_deleted");
    await expect(deleteAccount(user.id, user.email, CLIENT)).rejects.toThrow(/activity log unavailable/);
    expect(await securityState()).toEqual(before);
  });
});

describe("spending a recovery code", () => {
  it.each([
    ["its activity entry can't be written", () => failRecordingEvents("recovery_code_used")],
    ["its email can't be queued", () => failQueuingEmails("recovery_code_used")],
  ])("leaves the code unspent and no session when %s", async (_label, fail) => {
    const { user, codes } = await createUserWithRecoveryCodes();
    const before = await securityState();
    restore = await fail();
    await expect(signInWithRecoveryCode(user.email, codes[0], { client: CLIENT, deviceId: "recovering-browser" })).rejects.toThrow(/activity log unavailable/);
    expect(await securityState()).toEqual(before);
  });
});
