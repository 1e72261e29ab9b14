import "server-only";
import { randomUUID } from "node:crypto";
import { recordEventIn } from "../activity/activity";
import type { ClientInfo } from "../http/client-info";
import { prisma } from "../platform/db";
import { generateConfirmationCode, hashConfirmationCode, newLinkToken } from "./email-codes";
import { composeAddressInUseEmail, composeConfirmationEmail, type ConfirmationPurpose } from "../activity/email-messages";
import { UserFacingError } from "../platform/errors";
import type { User } from "../../generated/prisma/client";
import { allowRequestedMail } from "../security/mail-limits";
import { deliverSoon, enqueueEmail } from "../activity/mail-queue";
import { accountLocale } from "./account-locale";
import { findConfirmedUserByEmail } from "./users";

export type { ConfirmationPurpose };

// A first address has a day to be confirmed; a new one only an hour, since the request came
// from a session that may be someone else's.
const LIFETIME: Record<ConfirmationPurpose, { ms: number }> = {
  signup: { ms: 24 * 60 * 60 * 1000 },
  change: { ms: 60 * 60 * 1000 },
};

/** What /account asks the owner to confirm: the new address they asked for, or else their unconfirmed one. */
export interface PendingConfirmation {
  purpose: ConfirmationPurpose;
  address: string;
}

/** A requested change lapses when its code expires (an hour); an unconfirmed first address never does. */
export async function pendingConfirmation(user: Pick<User, "id" | "email" | "emailConfirmedAt">): Promise<PendingConfirmation | null> {
  const change = await prisma.emailConfirmation.findFirst({
    where: { userId: user.id, purpose: "change", usedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
  });
  if (change) return { purpose: "change", address: change.address };
  return user.emailConfirmedAt ? null : { purpose: "signup", address: user.email };
}

/**
 * Mails a code and link for `address` and makes it the account's one pending confirmation (an
 * earlier code stops working). The answer never depends on who holds the address: if another
 * account has confirmed it, that owner is told someone tried, and no code exists that could be
 * mailed to anyone. Past the recipient's cap the mail is silently not sent.
 */
export async function requestConfirmation(
  user: Pick<User, "id" | "locale">,
  purpose: ConfirmationPurpose,
  address: string,
  client: ClientInfo,
): Promise<void> {
  const owner = await findConfirmedUserByEmail(address);
  const taken = owner !== null && owner.id !== user.id;
  const mayMail = await allowRequestedMail(address);
  const id = randomUUID();
  const code = generateConfirmationCode();
  const link = newLinkToken();
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    await tx.emailConfirmation.deleteMany({ where: { userId: user.id, usedAt: null } });
    await tx.emailConfirmation.create({
      data: {
        id,
        userId: user.id,
        address,
        purpose,
        codeHash: hashConfirmationCode(id, code),
        tokenHash: link.hash,
        expiresAt: new Date(now.getTime() + LIFETIME[purpose].ms),
      },
    });
    if (purpose === "change") {
      await recordEventIn(tx, { userId: user.id, type: "email_change_requested", client, detail: { email: address } });
    }
    if (!mayMail) return;
    const mail = { userId: user.id, to: address, purpose, client, at: now };
    // The address's confirmed owner hears of the attempt in their own language, not the requester's.
    await enqueueEmail(
      tx,
      owner && taken
        ? composeAddressInUseEmail({ ...mail, locale: accountLocale(owner) })
        : composeConfirmationEmail({ ...mail, locale: accountLocale(user), code, token: link.token, expiresInMs: LIFETIME[purpose].ms }),
    );
  });
  if (mayMail) deliverSoon();
}

/** After sign-up: mails the code for the new account's address (or tells its confirmed owner someone tried). */
export async function startSignUpConfirmation(userId: string, client: ClientInfo): Promise<void> {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (user && !user.emailConfirmedAt) await requestConfirmation(user, "signup", user.email, client);
}

/** "Send a new code": a fresh code for whatever the account is waiting to confirm. */
export async function resendConfirmation(user: User, client: ClientInfo): Promise<PendingConfirmation> {
  const pending = await pendingConfirmation(user);
  if (!pending) throw new UserFacingError("already_confirmed", "alreadyConfirmed", 409);
  await requestConfirmation(user, pending.purpose, pending.address, client);
  return pending;
}
