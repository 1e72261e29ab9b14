import { describe, expect, it } from "vitest";
import { DELETE as deleteAccountRoute } from "@/app/api/account/route";
import { prisma } from "@/lib/server/platform/db";
import { recordEvent } from "@/lib/server/activity/activity";
import { generateRecoveryCodes } from "@/lib/server/recovery/recovery-codes";
import { addPasskeyTo, expireStepUp, openSession, type SignedInSession, type SignedUpAccount, signUpAccount } from "@/lib/testing/factories";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute } from "@/lib/testing/route-harness";
import { emailsTo } from "@/lib/testing/mail-helpers";

const CLIENT = { ipAddress: "203.0.113.70", userAgent: "Vitest" };

/** An account with two passkeys, two sessions, recovery codes, activity and queued mail. */
async function busyAccount(): Promise<{ account: SignedUpAccount; session: SignedInSession; otherSession: SignedInSession }> {
  const account = await signUpAccount();
  await addPasskeyTo(account.user);
  const session = await openSession(account.user.id, { passkeyId: account.passkey.id });
  const otherSession = await openSession(account.user.id);
  await generateRecoveryCodes(account.user.id, CLIENT);
  await recordEvent({ userId: account.user.id, type: "passkey_added", client: CLIENT, notify: "passkey_added" });
  return { account, session, otherSession };
}

async function holdings(userId: string) {
  const [users, passkeys, sessions, recoveryCodes, events, emails] = await Promise.all([
    prisma.user.count({ where: { id: userId } }),
    prisma.passkey.count({ where: { userId } }),
    prisma.session.count({ where: { userId } }),
    prisma.recoveryCode.count({ where: { userId } }),
    prisma.securityEvent.count({ where: { userId } }),
    prisma.outboxEmail.count({ where: { userId } }),
  ]);
  return { users, passkeys, sessions, recoveryCodes, events, emails };
}

function deleteAccount(session: SignedInSession, email: unknown) {
  return callRoute(deleteAccountRoute, { method: "DELETE", path: "/api/account", cookie: session.cookie, body: { email } });
}

describe("DELETE /api/account", () => {
  it("deletes the account with everything it holds, keeps only the goodbye email, and tells the browser no passkey counts", async () => {
    const { account, session } = await busyAccount();
    const bystander = await busyAccount();
    const bystanderBefore = await holdings(bystander.account.user.id);

    const result = await deleteAccount(session, `  ${account.user.email.toUpperCase()} `);

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body).toEqual({ signal: { rpId: "localhost", userId: account.user.userHandle, allAcceptedCredentialIds: [] } });
    expect(await holdings(account.user.id)).toEqual({ users: 0, passkeys: 0, sessions: 0, recoveryCodes: 0, events: 0, emails: 0 });
    const mail = await emailsTo(account.user.email);
    expect(mail).toEqual([expect.objectContaining({ kind: "account_deleted", userId: null, subject: "Your account has been deleted", sentAt: null })]);
    expect(mail[0].text).toContain("IP address: Unknown");
    expect(await holdings(bystander.account.user.id)).toEqual(bystanderBefore);
    // The deleted account's cookie now signs nobody in.
    expectRefusal(await deleteAccount(session, account.user.email), 401, "signed_out");
  });

  it("refuses an email that isn't the account's and deletes nothing", async () => {
    const { account, session } = await busyAccount();
    const before = await holdings(account.user.id);

    for (const typed of [`x${account.user.email}`, "", 42]) {
      const result = await deleteAccount(session, typed);
      expect(result.status, JSON.stringify(result.body)).toBe(400);
    }
    expectRefusal(await deleteAccount(session, `x${account.user.email}`), 400, "email_mismatch");
    expect(await holdings(account.user.id)).toEqual(before);
    expect((await emailsTo(account.user.email)).map((email) => email.kind)).not.toContain("account_deleted");
  });

  it("requires a recent passkey check and deletes nothing without one", async () => {
    const { account, session } = await busyAccount();
    await expireStepUp(session.id);
    const before = await holdings(account.user.id);

    expectRefusal(await deleteAccount(session, account.user.email), 403, "step_up_required");

    expect(await holdings(account.user.id)).toEqual(before);
  });

  it("refuses a signed-out browser and another site", async () => {
    const { account, session } = await busyAccount();
    const before = await holdings(account.user.id);

    expectRefusal(await callRoute(deleteAccountRoute, { method: "DELETE", body: { email: account.user.email } }), 401, "signed_out");
    expectRefusal(
      await callRoute(deleteAccountRoute, { method: "DELETE", cookie: session.cookie, body: { email: account.user.email }, headers: { origin: "https://evil.example" } }),
      403,
      "forbidden_origin",
    );
    expect(await holdings(account.user.id)).toEqual(before);
  });
});
