import { describe, expect, it } from "vitest";
import { POST as confirmRoute } from "@/app/api/account/email/confirm/route";
import { PATCH as updateProfileRoute } from "@/app/api/account/profile/route";
import { prisma } from "@/lib/server/platform/db";
import { expireStepUp, openSession, signUpAccount } from "@/lib/testing/factories";
import { uniqueEmail } from "@/lib/testing/unique-email";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute } from "@/lib/testing/route-harness";
import { confirmationCodeSentTo, emailsTo, eventTypes } from "@/lib/testing/mail-helpers";

const HEADERS = { "x-forwarded-for": "203.0.113.140" };

async function changeProfile(cookie: string, body: { name: string; email: string }, headers = HEADERS) {
  return callRoute(updateProfileRoute, { path: "/api/account/profile", method: "PATCH", cookie, body, headers });
}

function reload(id: string) {
  return prisma.user.findUniqueOrThrow({ where: { id } });
}

describe("changing the account's email", () => {
  it("needs a recent passkey check first, and changes or sends nothing without one", async () => {
    const { user } = await signUpAccount({ name: "Ada" });
    const session = await openSession(user.id);
    await expireStepUp(session.id);
    const newEmail = uniqueEmail("moved");

    expectRefusal(await changeProfile(session.cookie, { name: "Ada Lovelace", email: newEmail }), 403, "step_up_required");

    expect(await reload(user.id)).toMatchObject({ email: user.email, displayName: "Ada" });
    expect(await emailsTo(newEmail)).toEqual([]);
    expect(await prisma.emailConfirmation.count({ where: { userId: user.id } })).toBe(0);
  });

  it("mails a code to the new address and changes the email only when the code is entered", async () => {
    const { user } = await signUpAccount({ name: "Ada" });
    const session = await openSession(user.id);
    const newEmail = uniqueEmail("moved");

    const result = await changeProfile(session.cookie, { name: "Ada Lovelace", email: newEmail });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body).toMatchObject({ pendingEmail: newEmail, signal: { name: user.email, displayName: "Ada Lovelace" } });
    // The name applies at once; the email does not.
    expect(await reload(user.id)).toMatchObject({ email: user.email, displayName: "Ada Lovelace" });
    expect((await emailsTo(newEmail)).map((mail) => mail.subject)).toEqual(["Confirm your new email address"]);
    expect(await emailsTo(user.email)).toEqual([]);

    const confirmed = await callRoute(confirmRoute, { cookie: session.cookie, body: { code: await confirmationCodeSentTo(newEmail) }, headers: HEADERS });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toMatchObject({ email: newEmail, signal: { name: newEmail } });
    expect(await reload(user.id)).toMatchObject({ email: newEmail, emailConfirmedAt: expect.any(Date) });

    const [notice] = await emailsTo(user.email);
    expect(notice).toMatchObject({ kind: "email_changed", subject: "Your account's email address was changed" });
    expect(notice.text).toContain(`changed from “${user.email}” to “${newEmail}”`);
    expect(notice.text).toContain("IP address: 203.0.113.140");
    expect(notice.text).toMatch(/^This wasn't me: http:\/\/localhost:3000\/report-email-change\?token=/m);
    expect((await emailsTo(newEmail)).map((mail) => mail.kind)).toEqual(["email_change_confirmation", "email_changed"]);
    expect(await eventTypes(user.id)).toEqual(["account_created", "profile_changed", "email_change_requested", "email_changed"]);
  });

  it("answers the same for an address another account holds, which gets no code", async () => {
    const { user } = await signUpAccount();
    const { user: owner } = await signUpAccount();
    const session = await openSession(user.id);

    const result = await changeProfile(session.cookie, { name: user.displayName, email: owner.email });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body).toMatchObject({ pendingEmail: owner.email });
    expect((await emailsTo(owner.email)).map((mail) => mail.kind)).toEqual(["email_in_use"]);
    expect((await emailsTo(owner.email))[0].text).not.toContain("Confirmation code");
    expect((await reload(user.id)).email).toBe(user.email);
  });

  it("cannot flood an address: at most 5 requests an hour per account, and 5 emails an hour to one address", async () => {
    const victim = uniqueEmail("victim");
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const { user } = await signUpAccount({ name: "Your bank: call +1 555 0100 now" });
      const session = await openSession(user.id);
      for (let j = 0; j < 3; j += 1) {
        statuses.push((await changeProfile(session.cookie, { name: user.displayName, email: victim }, { "x-forwarded-for": `198.51.100.${i * 3 + j + 1}` })).status);
      }
    }
    const { user } = await signUpAccount();
    const session = await openSession(user.id);
    for (let j = 0; j < 6; j += 1) statuses.push((await changeProfile(session.cookie, { name: user.displayName, email: uniqueEmail("other") }, { "x-forwarded-for": `198.51.100.${100 + j}` })).status);

    expect(statuses).toEqual([...Array(17).fill(200), 429]);
    const mail = await emailsTo(victim);
    expect(mail).toHaveLength(5);
    for (const message of mail) {
      expect(message.subject).toBe("Confirm your new email address");
      expect(message.text).not.toContain("Your bank");
    }
  });

  it("sends nothing when only the name changes", async () => {
    const { user } = await signUpAccount();
    const session = await openSession(user.id);
    await expireStepUp(session.id);

    const result = await changeProfile(session.cookie, { name: "Another Name", email: user.email });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(await emailsTo(user.email)).toEqual([]);
    const event = await prisma.securityEvent.findFirstOrThrow({ where: { userId: user.id, type: "profile_changed" } });
    expect(event.detail).toEqual({ fields: ["name"] });
  });
});
