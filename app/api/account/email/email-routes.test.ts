import { describe, expect, it } from "vitest";
import { POST as signUpOptions } from "@/app/api/account/sign-up/options/route";
import { POST as signUpVerify } from "@/app/api/account/sign-up/verify/route";
import { POST as confirmRoute } from "@/app/api/account/email/confirm/route";
import { POST as resendRoute } from "@/app/api/account/email/resend/route";
import { POST as confirmLinkRoute } from "@/app/api/email/confirm/route";
import { prisma } from "@/lib/server/platform/db";
import { WRONG_CODE } from "@/lib/server/accounts/confirm-email";
import { requestSignUpOptions } from "@/lib/testing/ceremonies";
import { openSession, signUpAccount } from "@/lib/testing/factories";
import { uniqueEmail } from "@/lib/testing/unique-email";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, ORIGIN } from "@/lib/testing/route-harness";
import { confirmationCodeSentTo, confirmationTokenSentTo, emailsTo } from "@/lib/testing/mail-helpers";
import { createSoftwareAuthenticator } from "@/lib/testing/software-authenticator";

const HEADERS = { "x-forwarded-for": "203.0.113.77" };
// Accounts are made as a browser makes them: the sign-up route mails the code these tests read.
const routes = { options: signUpOptions, verify: signUpVerify };

function confirm(cookie: string, code: string) {
  return callRoute(confirmRoute, { path: "/api/account/email/confirm", cookie, body: { code }, headers: HEADERS });
}

describe("sign-up never tells a stranger an address is taken", () => {
  it("signs up with an address another account confirmed, leaves that account alone and mails its owner no code", async () => {
    const owner = await signUpAccount({ name: "Owner", routes });
    const before = await prisma.user.findUniqueOrThrow({ where: { id: owner.user.id } });
    const mailBefore = (await emailsTo(owner.user.email)).length;

    // Same answers as for a fresh address: options, then a created (unconfirmed) account.
    const creation = await requestSignUpOptions(signUpOptions, ` ${owner.user.email.toUpperCase()}`, "Impostor");
    const response = await createSoftwareAuthenticator().createCredential(creation, { origin: ORIGIN });
    const result = await callRoute(signUpVerify, { body: { response } });
    expect(result.status, JSON.stringify(result.body)).toBe(200);

    const impostor = await prisma.passkey.findUniqueOrThrow({ where: { credentialId: response.id }, include: { user: true } });
    expect(impostor.user).toMatchObject({ email: owner.user.email, emailConfirmedAt: null });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: owner.user.id } })).toEqual(before);
    const mail = (await emailsTo(owner.user.email)).slice(mailBefore);
    expect(mail.map((email) => email.kind)).toEqual(["email_in_use"]);
    expect(mail[0].text).not.toContain("Confirmation code");
    expect(mail[0].text).not.toContain("Impostor");
  });

  it("answers the options request for a taken address exactly as for a new one", async () => {
    const { email } = (await signUpAccount({ routes })).user;
    const taken = await callRoute(signUpOptions, { body: { email, name: "Someone" } });
    const fresh = await callRoute(signUpOptions, { body: { email: uniqueEmail("fresh"), name: "Someone" } });
    expect(taken.status).toBe(200);
    expect(Object.keys(taken.body as object).sort()).toEqual(Object.keys(fresh.body as object).sort());
  });
});

describe("POST /api/account/email/confirm", () => {
  it("confirms the new account's address with the mailed code", async () => {
    const account = await signUpAccount({ confirmed: false, routes });
    const session = await openSession(account.user.id);
    const code = await confirmationCodeSentTo(account.user.email);

    const result = await confirm(session.cookie, code);

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body).toMatchObject({ email: account.user.email, signal: { name: account.user.email, userId: account.user.userHandle } });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: account.user.id } })).emailConfirmedAt).not.toBeNull();
  });

  it("refuses a wrong or spent code with the sentence the page shows", async () => {
    const account = await signUpAccount({ confirmed: false, routes });
    const session = await openSession(account.user.id);
    const code = await confirmationCodeSentTo(account.user.email);

    expect(expectRefusal(await confirm(session.cookie, "1234 567"), 400, "code_invalid")).toBe(WRONG_CODE);
    expect((await confirm(session.cookie, code)).status).toBe(200);
    expect(expectRefusal(await confirm(session.cookie, code), 400, "code_invalid")).toBe(WRONG_CODE);
  });

  it("needs a session", async () => {
    const result = await callRoute(confirmRoute, { body: { code: "1234 5678" }, headers: HEADERS });
    expectRefusal(result, 401, "signed_out");
  });
});

describe("POST /api/email/confirm (the emailed link)", () => {
  it("confirms without a session, once", async () => {
    const account = await signUpAccount({ confirmed: false, routes });
    const token = await confirmationTokenSentTo(account.user.email);

    const result = await callRoute(confirmLinkRoute, { body: { token }, headers: HEADERS });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: account.user.id } })).emailConfirmedAt).not.toBeNull();
    expectRefusal(await callRoute(confirmLinkRoute, { body: { token }, headers: HEADERS }), 400, "link_invalid");
    expectRefusal(await callRoute(confirmLinkRoute, { body: { token: "<script>" }, headers: HEADERS }), 400, "invalid_request");
  });
});

describe("POST /api/account/email/resend", () => {
  it("mails a new code, at most 5 an hour per account", async () => {
    const account = await signUpAccount({ confirmed: false, routes });
    const session = await openSession(account.user.id);
    for (let i = 0; i < 4; i += 1) {
      const result = await callRoute(resendRoute, { cookie: session.cookie, body: {}, headers: HEADERS });
      expect(result.status, JSON.stringify(result.body)).toBe(200);
    }
    expect((await emailsTo(account.user.email)).map((mail) => mail.kind)).toEqual(Array(5).fill("email_confirmation"));

    await callRoute(resendRoute, { cookie: session.cookie, body: {}, headers: HEADERS });
    const refused = await callRoute(resendRoute, { cookie: session.cookie, body: {}, headers: HEADERS });
    expectRefusal(refused, 429, "rate_limited");
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});
