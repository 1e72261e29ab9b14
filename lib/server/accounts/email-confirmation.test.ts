import { describe, expect, it } from "vitest";
import { BAD_LINK, confirmWithCode, confirmWithLink, findLinkConfirmation, MAX_CODE_ATTEMPTS, WRONG_CODE } from "./confirm-email";
import { prisma } from "../platform/db";
import { pendingConfirmation, requestConfirmation, resendConfirmation } from "./email-confirmation";
import { createUser, openSession, signUpAccount } from "../../testing/factories";
import { uniqueEmail } from "../../testing/unique-email";
import { expectUserFacingError } from "../../testing/refusals";
import { confirmationCodeSentTo, confirmationTokenSentTo, emailsTo, eventTypes } from "../../testing/mail-helpers";

const CLIENT = { ipAddress: "203.0.113.50", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36" };

/** An account as sign-up leaves it: unconfirmed, with the code mailed to its address. */
async function newAccount(email = uniqueEmail("new"), displayName = "Test Person") {
  const user = await createUser({ email, displayName, confirmed: false });
  await requestConfirmation(user, "signup", email, CLIENT);
  return user;
}

function reload(id: string) {
  return prisma.user.findUniqueOrThrow({ where: { id } });
}

/** A code that is certainly not the one mailed. */
function otherCode(code: string): string {
  return code.replace(/\d$/, (digit) => String((Number(digit) + 1) % 10));
}

describe("confirming a new account's address", () => {
  it("mails a code and a link, and the code confirms the address once", async () => {
    const user = await newAccount();
    expect(await pendingConfirmation(user)).toEqual({ purpose: "signup", address: user.email });
    const [mail] = await emailsTo(user.email);
    expect(mail).toMatchObject({ kind: "email_confirmation", subject: "Confirm your email address", userId: user.id });
    expect(mail.text).toMatch(/^Confirmation code: \d{4} \d{4}$/m);
    expect(mail.text).toContain("http://localhost:3000/confirm-email?token=");
    expect(mail.text).toContain("expire in 24 hours");
    const code = await confirmationCodeSentTo(user.email);

    const { user: confirmed } = await confirmWithCode(user.id, code, CLIENT);

    expect(confirmed.emailConfirmedAt).toBeInstanceOf(Date);
    expect(await pendingConfirmation(confirmed)).toBeNull();
    expect(await eventTypes(user.id)).toEqual(["email_confirmed"]);
    await expectUserFacingError(confirmWithCode(user.id, code, CLIENT), "code_invalid", 400);
  });

  it("accepts the code as people type it: without the space, or with a dash", async () => {
    const user = await newAccount();
    const code = await confirmationCodeSentTo(user.email);
    await confirmWithCode(user.id, ` ${code.replace(" ", "-")} `, CLIENT);
    expect((await reload(user.id)).emailConfirmedAt).not.toBeNull();
  });

  it("refuses a wrong code with a sentence to act on, and leaves the address unconfirmed", async () => {
    const user = await newAccount();
    const code = await confirmationCodeSentTo(user.email);

    const refusal = await confirmWithCode(user.id, otherCode(code), CLIENT).catch((error: Error) => error);
    expect(refusal).toMatchObject({ code: "code_invalid", status: 400, message: WRONG_CODE });
    expect((await reload(user.id)).emailConfirmedAt).toBeNull();
    // The right code still works after one slip.
    await confirmWithCode(user.id, code, CLIENT);
  });

  it(`spends a code after ${MAX_CODE_ATTEMPTS} wrong guesses, even for the right one`, async () => {
    const user = await newAccount();
    const code = await confirmationCodeSentTo(user.email);
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i += 1) await expectUserFacingError(confirmWithCode(user.id, otherCode(code), CLIENT), "code_invalid", 400);

    await expectUserFacingError(confirmWithCode(user.id, code, CLIENT), "code_invalid", 400);
    expect((await reload(user.id)).emailConfirmedAt).toBeNull();
  });

  it("refuses an expired code and link", async () => {
    const user = await newAccount();
    const code = await confirmationCodeSentTo(user.email);
    const token = await confirmationTokenSentTo(user.email);
    await prisma.emailConfirmation.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    await expectUserFacingError(confirmWithCode(user.id, code, CLIENT), "code_invalid", 400);
    await expectUserFacingError(confirmWithLink(token, CLIENT), "link_invalid", 400);
    expect(await findLinkConfirmation(token)).toBeNull();
  });

  it("a new code replaces the old one", async () => {
    const user = await newAccount();
    const first = await confirmationCodeSentTo(user.email);
    await resendConfirmation(user, CLIENT);
    const second = await confirmationCodeSentTo(user.email);
    expect((await emailsTo(user.email)).map((mail) => mail.kind)).toEqual(["email_confirmation", "email_confirmation"]);

    if (first !== second) await expectUserFacingError(confirmWithCode(user.id, first, CLIENT), "code_invalid", 400);
    await confirmWithCode(user.id, second, CLIENT);
    await expectUserFacingError(resendConfirmation(await reload(user.id), CLIENT), "already_confirmed", 409);
  });

  it("the link confirms without the code, once; opening its page changes nothing", async () => {
    const user = await newAccount();
    const token = await confirmationTokenSentTo(user.email);

    expect(await findLinkConfirmation(token)).toEqual({ address: user.email, purpose: "signup" });
    expect((await reload(user.id)).emailConfirmedAt).toBeNull();
    expect(await confirmWithLink(token, CLIENT)).toMatchObject({ purpose: "signup", user: { id: user.id, email: user.email } });
    expect((await reload(user.id)).emailConfirmedAt).not.toBeNull();

    const again = await confirmWithLink(token, CLIENT).catch((error: Error) => error);
    expect(again).toMatchObject({ code: "link_invalid", message: BAD_LINK });
    await expectUserFacingError(confirmWithLink("x".repeat(43), CLIENT), "link_invalid", 400);
  });
});

describe("one address on several accounts", () => {
  it("mails no code for an address another account confirmed: its owner hears someone tried", async () => {
    const { user: owner } = await signUpAccount({ name: "Owner" });
    const squatter = await newAccount(owner.email, "Your bank: call +1 555 0100");

    const [mail] = await emailsTo(owner.email);
    expect(mail).toMatchObject({ kind: "email_in_use", subject: "Someone tried to use your email address", priority: 1 });
    expect(mail.text).toContain("It already belongs to your account");
    expect(mail.text).not.toMatch(/code|confirm-email|call \+1/i);
    await expect(confirmationCodeSentTo(owner.email)).rejects.toThrow("No confirmation code");
    // The squatter sees exactly what any new account sees.
    expect(await pendingConfirmation(squatter)).toEqual({ purpose: "signup", address: owner.email });
    expect((await reload(squatter.id)).emailConfirmedAt).toBeNull();
    expect((await reload(owner.id)).emailConfirmedAt).not.toBeNull();
  });

  it("the first account to confirm owns the address; the other keeps its passkeys and sessions but can never confirm it", async () => {
    const address = uniqueEmail("shared");
    const { user: squatter, passkey } = await signUpAccount({ email: address, confirmed: false });
    await requestConfirmation(squatter, "signup", address, CLIENT);
    const squatterCode = await confirmationCodeSentTo(address);
    const squatterSession = await openSession(squatter.id);
    const owner = await newAccount(address);
    const ownerCode = await confirmationCodeSentTo(address);

    await confirmWithCode(owner.id, ownerCode, CLIENT);

    // The code mailed for the other account (to the owner's inbox) no longer works…
    await expectUserFacingError(confirmWithCode(squatter.id, squatterCode, CLIENT), "code_invalid", 400);
    // …and a new one only tells the owner someone tried.
    await resendConfirmation(squatter, CLIENT);
    expect((await emailsTo(address)).at(-1)).toMatchObject({ kind: "email_in_use" });
    expect(await reload(squatter.id)).toMatchObject({ email: address, emailConfirmedAt: null });
    expect(await prisma.passkey.count({ where: { id: passkey.id } })).toBe(1);
    expect(await prisma.session.count({ where: { id: squatterSession.id, revokedAt: null } })).toBe(1);
  });

  it("the database itself refuses a second confirmed holder of an address", async () => {
    const { user } = await signUpAccount();
    const other = await createUser({ email: user.email, confirmed: false });
    await expect(prisma.user.update({ where: { id: other.id }, data: { emailConfirmedAt: new Date() } })).rejects.toMatchObject({ code: "P2002" });
  });

  it("counts code guesses per address, whichever accounts make them", async () => {
    const address = uniqueEmail("guessed");
    const owner = await newAccount(address);
    const code = await confirmationCodeSentTo(address);
    // Thirty accounts with the address, one guess each from a different IP, use up the day's guesses.
    for (let i = 0; i < 30; i += 1) {
      const squatter = await createUser({ email: address, confirmed: false });
      await prisma.emailConfirmation.create({
        data: { id: crypto.randomUUID(), userId: squatter.id, address, purpose: "signup", codeHash: "x", tokenHash: `t-${squatter.id}`, expiresAt: new Date(Date.now() + 60_000) },
      });
      await expectUserFacingError(confirmWithCode(squatter.id, "0000 0000", { ipAddress: `198.51.100.${i + 1}`, userAgent: null }), "code_invalid", 400);
    }

    await expectUserFacingError(confirmWithCode(owner.id, code, CLIENT), "rate_limited", 429);
    // The emailed link is not a guess and still works.
    await confirmWithLink(await confirmationTokenSentTo(address), CLIENT);
  });
});
