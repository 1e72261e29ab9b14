import { describe, expect, it } from "vitest";
import { recordEvent } from "../activity/activity";
import { confirmWithCode } from "./confirm-email";
import { prisma } from "../platform/db";
import { reportToken } from "./email-codes";
import { dismissReportedChanges, findReportableChange, findReportedChange, reportEmailChange } from "./email-change-report";
import { requestConfirmation } from "./email-confirmation";
import { createUser, openSession } from "../../testing/factories";
import { uniqueEmail } from "../../testing/unique-email";
import { expectUserFacingError } from "../../testing/refusals";
import { confirmationCodeSentTo, emailsTo, eventTypes } from "../../testing/mail-helpers";

const CLIENT = { ipAddress: "203.0.113.60", userAgent: null };
const ATTACKER = { ipAddress: "198.51.100.66", userAgent: null };

/** An account whose confirmed address was changed to `newEmail` through the code, as the attacker would. */
async function changedAccount(newEmail = uniqueEmail("new")) {
  const user = await createUser({ email: uniqueEmail("old") });
  await requestConfirmation(user, "change", newEmail, ATTACKER);
  await confirmWithCode(user.id, await confirmationCodeSentTo(newEmail), ATTACKER);
  const change = await prisma.emailChange.findFirstOrThrow({ where: { userId: user.id } });
  return { user, oldEmail: user.email, newEmail, change, token: reportToken(change.id) };
}

/** The "This wasn't me" link in the text of the latest mail to this address. */
async function reportLinkIn(address: string): Promise<string | undefined> {
  const mail = (await emailsTo(address)).at(-1);
  return mail ? /^This wasn't me: (\S+)$/m.exec(mail.text)?.[1] : undefined;
}

describe("notices after an email change", () => {
  it("go to the new address and, with a way to undo the change, to the one it replaced", async () => {
    const { user, oldEmail, newEmail, token } = await changedAccount();
    const changed = (await emailsTo(oldEmail)).at(-1)!;
    expect(changed).toMatchObject({ kind: "email_changed", subject: "Your account's email address was changed" });
    expect(changed.text).toContain(`was changed from “${oldEmail}” to “${newEmail}”`);
    expect(await reportLinkIn(oldEmail)).toBe(`http://localhost:3000/report-email-change?token=${encodeURIComponent(token)}`);
    expect((await emailsTo(newEmail)).at(-1)).toMatchObject({ kind: "email_changed" });
    expect(await reportLinkIn(newEmail)).toBeUndefined();

    await recordEvent({ userId: user.id, type: "passkey_added", client: ATTACKER, detail: { passkeyName: "Attacker key" }, notify: "passkey_added" });
    expect((await emailsTo(oldEmail)).at(-1)).toMatchObject({ kind: "passkey_added" });
    expect(await reportLinkIn(oldEmail)).toBeDefined();
    expect((await emailsTo(newEmail)).at(-1)).toMatchObject({ kind: "passkey_added" });
  });

  it("stop reaching the replaced address after 30 days", async () => {
    const { user, oldEmail, change } = await changedAccount();
    expect(change.noticeUntil.getTime() - change.changedAt.getTime()).toBe(30 * 24 * 60 * 60 * 1000);
    await prisma.emailChange.update({ where: { id: change.id }, data: { noticeUntil: new Date(Date.now() - 1000) } });
    const before = (await emailsTo(oldEmail)).length;

    await recordEvent({ userId: user.id, type: "recovery_codes_generated", client: CLIENT, notify: "recovery_codes_generated" });
    expect(await emailsTo(oldEmail)).toHaveLength(before);
  });

  it("stop reaching the replaced address once another account confirms it", async () => {
    const { user, oldEmail } = await changedAccount();
    const next = await createUser({ email: oldEmail, confirmed: false });
    await requestConfirmation(next, "signup", oldEmail, CLIENT);
    await confirmWithCode(next.id, await confirmationCodeSentTo(oldEmail), CLIENT);
    const before = (await emailsTo(oldEmail)).length;

    await recordEvent({ userId: user.id, type: "recovery_codes_generated", client: CLIENT, notify: "recovery_codes_generated" });
    expect(await emailsTo(oldEmail)).toHaveLength(before);
  });
});

describe("This wasn't me", () => {
  it("gives the account its old address back, signs out every session, records it and mails both addresses", async () => {
    const { user, oldEmail, newEmail, token } = await changedAccount();
    const sessions = [await openSession(user.id), await openSession(user.id)];
    await requestConfirmation(user, "change", uniqueEmail("third"), ATTACKER);

    expect(await findReportableChange(token)).toMatchObject({ previousAddress: oldEmail });
    await reportEmailChange(token, CLIENT);

    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ email: oldEmail, emailConfirmedAt: expect.any(Date) });
    expect(await prisma.session.count({ where: { id: { in: sessions.map((s) => s.id) }, revokedAt: null } })).toBe(0);
    expect(await prisma.emailConfirmation.count({ where: { userId: user.id, usedAt: null } })).toBe(0);
    expect((await eventTypes(user.id)).at(-1)).toBe("email_change_reported");
    const toOld = (await emailsTo(oldEmail)).at(-1)!;
    expect(toOld).toMatchObject({ kind: "email_change_reported", subject: "An email change on your account was reported" });
    expect(toOld.text).toContain("We changed it back to this address and signed out every device");
    expect(toOld.text).toContain("passkeys or a recovery code");
    expect((await emailsTo(newEmail)).at(-1)).toMatchObject({ kind: "email_change_reported" });
    expect((await emailsTo(newEmail)).at(-1)!.text).toContain("This address was removed from the account");
  });

  it("works once, and never from a forged, altered or expired link", async () => {
    const { change, token } = await changedAccount();
    await expectUserFacingError(reportEmailChange(`${change.id}.${"A".repeat(43)}`, CLIENT), "report_invalid", 400);
    await expectUserFacingError(reportEmailChange(reportToken(crypto.randomUUID()), CLIENT), "report_invalid", 400);
    await expectUserFacingError(reportEmailChange(`${token}x`, CLIENT), "report_invalid", 400);

    await reportEmailChange(token, CLIENT);
    await expectUserFacingError(reportEmailChange(token, CLIENT), "report_invalid", 400);
    expect(await findReportableChange(token)).toBeNull();

    const other = await changedAccount();
    await prisma.emailChange.update({ where: { id: other.change.id }, data: { noticeUntil: new Date(Date.now() - 1000) } });
    await expectUserFacingError(reportEmailChange(other.token, CLIENT), "report_invalid", 400);
  });

  it("opening the link's page changes nothing", async () => {
    const { user, newEmail, token } = await changedAccount();
    await findReportableChange(token);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(newEmail);
  });

  it("an address that came later cannot cancel the report of an earlier one", async () => {
    const { user, oldEmail, newEmail, token } = await changedAccount();
    const third = uniqueEmail("third");
    await requestConfirmation(user, "change", third, ATTACKER);
    await confirmWithCode(user.id, await confirmationCodeSentTo(third), ATTACKER);
    const later = await prisma.emailChange.findFirstOrThrow({ where: { userId: user.id, previousAddress: newEmail } });

    await reportEmailChange(reportToken(later.id), ATTACKER);
    await reportEmailChange(token, CLIENT);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(oldEmail);
  });

  it("leaves a report on the account page, with what happened meanwhile, until dismissed", async () => {
    const { user, oldEmail, newEmail, token } = await changedAccount();
    await recordEvent({ userId: user.id, type: "passkey_added", client: ATTACKER, detail: { passkeyName: "Attacker key" } });
    await reportEmailChange(token, CLIENT);

    const report = await findReportedChange(user.id);
    expect(report).toMatchObject({ previousAddress: oldEmail, newAddress: newEmail });
    expect(report!.eventsSince.map((event) => event.type)).toEqual(["email_change_reported", "passkey_added", "email_changed"]);

    await dismissReportedChanges(user.id);
    expect(await findReportedChange(user.id)).toBeNull();
  });
});
