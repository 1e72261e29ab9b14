import "server-only";
import { recordEventIn } from "../activity/activity";
import type { ClientInfo } from "../http/client-info";
import { prisma } from "../platform/db";
import { confirmationCodeMatches, hashLinkToken } from "./email-codes";
import type { ConfirmationPurpose } from "../activity/email-messages";
import { apiErrorMessage, UserFacingError } from "../platform/errors";
import { Prisma, type EmailConfirmation, type User } from "../../generated/prisma/client";
import { PREVIOUS_ADDRESS_DAYS } from "../activity/notice-recipients";
import { deliverSoon } from "../activity/mail-queue";
import { lockUser } from "./users";
import { enforceRateLimits, LIMITS } from "../security/rate-limit";

/** Wrong guesses one code survives; then only a new code (or the emailed link) works. */
export const MAX_CODE_ATTEMPTS = 5;

// The English sentences, for pages and tests; the refusals carry the keys and answer in the request's language.
export const WRONG_CODE = apiErrorMessage("en", "wrongConfirmationCode");
export const BAD_LINK = apiErrorMessage("en", "badConfirmationLink");

const wrongCode = (): UserFacingError => new UserFacingError("code_invalid", "wrongConfirmationCode", 400);
const badLink = (): UserFacingError => new UserFacingError("link_invalid", "badConfirmationLink", 400);
type Refusal = () => UserFacingError;

export interface ConfirmedEmail {
  user: User;
  purpose: ConfirmationPurpose;
}

/** Confirms the signed-in account's pending address with the code from the email. */
export async function confirmWithCode(userId: string, typed: string, client: ClientInfo): Promise<ConfirmedEmail> {
  const pending = await prisma.emailConfirmation.findFirst({ where: { userId, usedAt: null }, orderBy: { createdAt: "desc" } });
  // Counted before the code is checked, and per address too: however many accounts try one
  // address, it gets a fixed number of guesses.
  await enforceRateLimits([
    [LIMITS.emailCodePerIp, client.ipAddress],
    [LIMITS.emailCodePerAccount, userId],
    [LIMITS.emailCodePerAddress, pending?.address],
  ]);
  if (!pending || pending.expiresAt <= new Date()) throw wrongCode();
  const { count } = await prisma.emailConfirmation.updateMany({
    where: { id: pending.id, usedAt: null, attempts: { lt: MAX_CODE_ATTEMPTS } },
    data: { attempts: { increment: 1 } },
  });
  if (count !== 1 || !confirmationCodeMatches(pending.id, typed, pending.codeHash)) {
    throw wrongCode();
  }
  return apply(pending, client, wrongCode);
}

/** The pending confirmation a link names, for the page that asks before confirming (a GET changes nothing). */
export async function findLinkConfirmation(token: string): Promise<Pick<EmailConfirmation, "address" | "purpose"> | null> {
  const row = await prisma.emailConfirmation.findUnique({ where: { tokenHash: hashLinkToken(token) } });
  if (!row || row.usedAt || row.expiresAt <= new Date()) return null;
  return { address: row.address, purpose: row.purpose };
}

/** Confirms with the emailed link: whoever opens it reads the mailbox, so no sign-in is needed. */
export async function confirmWithLink(token: string, client: ClientInfo): Promise<ConfirmedEmail> {
  await enforceRateLimits([[LIMITS.emailCodePerIp, client.ipAddress]]);
  const row = await prisma.emailConfirmation.findUnique({ where: { tokenHash: hashLinkToken(token) } });
  if (!row || row.usedAt || row.expiresAt <= new Date()) throw badLink();
  return apply(row, client, badLink);
}

async function apply(row: EmailConfirmation, client: ClientInfo, refusal: Refusal): Promise<ConfirmedEmail> {
  try {
    const user = await prisma.$transaction((tx) => applyIn(tx, row, client, refusal));
    deliverSoon();
    return { user, purpose: row.purpose as ConfirmationPurpose };
  } catch (error) {
    // Two accounts confirming one address at the same moment: the partial unique index lets one win.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw refusal();
    }
    throw error;
  }
}

/**
 * Spends the confirmation and gives the account its address, with the activity event and the
 * notices, in one transaction. Other unconfirmed accounts carrying the address lose their pending
 * codes for it: it is now this account's, and a new code for them only tells this owner someone tried.
 */
async function applyIn(tx: Prisma.TransactionClient, row: EmailConfirmation, client: ClientInfo, refusal: Refusal): Promise<User> {
  const now = new Date();
  await lockUser(tx, row.userId);
  const spent = await tx.emailConfirmation.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  const before = await tx.user.findUnique({ where: { id: row.userId } });
  const owner = await tx.user.findFirst({ where: { email: row.address, emailConfirmedAt: { not: null }, id: { not: row.userId } } });
  if (spent.count !== 1 || !before || owner) throw refusal();
  const user = await tx.user.update({ where: { id: row.userId }, data: { email: row.address, emailConfirmedAt: now } });
  await tx.emailConfirmation.deleteMany({ where: { id: { not: row.id }, usedAt: null, OR: [{ userId: row.userId }, { address: row.address }] } });
  // Accounts that once held this address stop copying their notices to its new owner.
  await tx.emailChange.updateMany({
    where: { previousAddress: row.address, userId: { not: row.userId }, noticeUntil: { gt: now } },
    data: { noticeUntil: now },
  });
  if (before.emailConfirmedAt && before.email !== row.address) {
    await tx.emailChange.create({
      data: {
        userId: row.userId,
        previousAddress: before.email,
        newAddress: row.address,
        changedAt: now,
        noticeUntil: new Date(now.getTime() + PREVIOUS_ADDRESS_DAYS * 24 * 60 * 60 * 1000),
      },
    });
    await recordEventIn(tx, {
      userId: row.userId,
      type: "email_changed",
      client,
      detail: { email: row.address, previousEmail: before.email },
      notify: "email_changed",
    });
  } else {
    await recordEventIn(tx, { userId: row.userId, type: "email_confirmed", client, detail: { email: row.address } });
  }
  return user;
}
