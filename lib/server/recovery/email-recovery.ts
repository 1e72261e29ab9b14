import "server-only";
import { randomUUID } from "node:crypto";
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { recordEventIn } from "../activity/activity";
import type { ClientInfo } from "../http/client-info";
import { prisma } from "../platform/db";
import { env } from "../platform/env";
import { apiErrorMessage, UserFacingError } from "../platform/errors";
import { Prisma, type AccountRecovery } from "../../generated/prisma/client";
import { deliverSoon, dropUnsentEmails, enqueueEmail } from "../activity/mail-queue";
import { composeRecoveryLinkEmail, enqueueRecoveryNotice, SCHEDULED_RECOVERY_MAIL } from "../activity/recovery-emails";
import { accountLocale } from "../accounts/account-locale";
import { findConfirmedUserByEmail, lockUser } from "../accounts/users";
import { hashLinkToken, newLinkToken } from "../accounts/email-codes";
import { allowRequestedMail } from "../security/mail-limits";
import { challengeFromClientData, consumeChallenge, saveChallenge } from "../ceremonies/challenges";
import { refuseFramedCeremony } from "../ceremonies/client-data";
import { creationOptionsFor, credentialExists, refuseUnacceptableCredential, verifyNewCredential } from "../ceremonies/new-credential";
import { listPasskeysForUser, markPasskeysBeforeRecovery, savePasskey } from "../passkeys/passkeys";
import { answeredFromAnotherDevice } from "../passkeys/policy";
import { revokeAllSessions } from "../sessions/sessions";
import { openSignInSessionIn } from "../sessions/sign-in-session";
import { IN_PROGRESS, isExpired, spendAllRecoveryCodesIn } from "./pending-recovery";

// Recovery through the account's confirmed email, for an owner who lost every passkey and every
// recovery code. Anyone who knows the address can ask, so it is slow, loud and cancellable: the
// link only starts a wait (RECOVERY_DELAY_HOURS), the owner is mailed when it starts, halfway and
// at the end, any passkey sign-in or the banner's "Cancel recovery" ends it, and only the browser
// that first opened the link can finish it, once, after the wait.

/** The English sentence, for tests; the refusal answers in the request's language. */
export const OTHER_BROWSER = apiErrorMessage("en", "recoveryOtherBrowser");

const badLink = (): UserFacingError => new UserFacingError("recovery_link_invalid", "badRecoveryLink", 400);
const otherBrowser = (): UserFacingError => new UserFacingError("recovery_other_browser", "recoveryOtherBrowser", 403);

/** What the recovery page shows after opening the link: still waiting until readyAt, or ready for a new passkey. */
export interface RecoveryState {
  status: "waiting" | "ready";
  readyAt: Date;
}

/**
 * "Start recovery": mails a link to the address if it is an account's confirmed address with no
 * recovery in progress. Whatever the address, the caller answers the same, so nothing here tells
 * whether an account exists. A second request while one is in progress sends nothing (the owner
 * has the first link, and a stranger must not be able to fill their mailbox).
 */
export async function requestEmailRecovery(email: string, client: ClientInfo): Promise<void> {
  const user = await findConfirmedUserByEmail(email);
  if (!user) return;
  const inProgress = await prisma.accountRecovery.findFirst({ where: { userId: user.id, ...IN_PROGRESS } });
  if (inProgress && !isExpired(inProgress)) return;
  if (!(await allowRequestedMail(user.email))) return;
  const link = newLinkToken();
  const now = new Date();
  try {
    await prisma.$transaction(async (tx) => {
      await lockUser(tx, user.id);
      // An expired recovery still holds the account's one place: closed here, quietly.
      if (inProgress) await tx.accountRecovery.updateMany({ where: { id: inProgress.id, ...IN_PROGRESS }, data: { cancelledAt: now, cancelReason: "expired" } });
      await tx.accountRecovery.create({
        data: { id: randomUUID(), userId: user.id, tokenHash: link.hash, requestedAt: now, requesterIp: client.ipAddress, requesterUserAgent: client.userAgent },
      });
      await recordEventIn(tx, { userId: user.id, type: "email_recovery_requested", client });
      await enqueueEmail(tx, composeRecoveryLinkEmail({ userId: user.id, to: user.email, token: link.token, client, at: now, delayMs: env().recoveryDelayMs, locale: accountLocale(user) }));
    });
  } catch (error) {
    // A concurrent request won the account's one place (the partial unique index): same answer.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return;
    throw error;
  }
  deliverSoon();
}

/** The recovery a link names, if it can still be used at all. */
async function usableRecovery(token: string): Promise<AccountRecovery> {
  const row = await prisma.accountRecovery.findUnique({ where: { tokenHash: hashLinkToken(token) } });
  if (!row || row.cancelledAt || row.completedAt || isExpired(row)) throw badLink();
  return row;
}

/**
 * Opening the link. The first open binds the recovery to this browser and starts the wait, with
 * its activity entry, the owner's "started" email and the halfway and end reminders queued for
 * later, in one transaction. Later opens from that browser say how far it is; any other browser is refused.
 */
export async function openRecoveryLink(token: string, deviceId: string, client: ClientInfo): Promise<RecoveryState> {
  const row = await usableRecovery(token);
  if (row.deviceId !== null) {
    if (row.deviceId !== deviceId || !row.readyAt) throw otherBrowser();
    return { status: row.readyAt <= new Date() ? "ready" : "waiting", readyAt: row.readyAt };
  }
  const now = new Date();
  const delay = env().recoveryDelayMs;
  const readyAt = new Date(now.getTime() + delay);
  const started = await prisma.$transaction(async (tx) => {
    await lockUser(tx, row.userId);
    const { count } = await tx.accountRecovery.updateMany({
      where: { id: row.id, deviceId: null, ...IN_PROGRESS },
      data: { deviceId, startedAt: now, readyAt },
    });
    if (count !== 1) return false;
    await recordEventIn(tx, { userId: row.userId, type: "email_recovery_started", client, detail: { readyAt: readyAt.toISOString() } });
    const mail = { userId: row.userId, client, at: now, readyAt };
    await enqueueRecoveryNotice(tx, { ...mail, kind: "email_recovery_started" });
    await enqueueRecoveryNotice(tx, { ...mail, kind: "email_recovery_halfway", sendAt: new Date(now.getTime() + delay / 2) });
    await enqueueRecoveryNotice(tx, { ...mail, kind: "email_recovery_ready", sendAt: readyAt });
    return true;
  });
  // Opened a moment ago by another request: its browser, or another one, decides.
  if (!started) return openRecoveryLink(token, deviceId, client);
  deliverSoon();
  return { status: "waiting", readyAt };
}

/** The recovery this browser may finish now: opened here, and its wait over. */
async function readyRecovery(token: string, deviceId: string): Promise<AccountRecovery> {
  const row = await usableRecovery(token);
  if (row.deviceId === null) throw badLink();
  if (row.deviceId !== deviceId || !row.readyAt) throw otherBrowser();
  if (row.readyAt > new Date()) {
    throw new UserFacingError("recovery_not_ready", { key: "recoveryNotReady", values: { readyAt: row.readyAt } }, 409);
  }
  return row;
}

const recoveryChallengeSchema = z.object({ recoveryId: z.string() });

/** "Create a new passkey" once the wait is over: creation options excluding the account's passkeys. */
export async function startRecoveryRegistration(token: string, deviceId: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const row = await readyRecovery(token, deviceId);
  const user = await prisma.user.findUniqueOrThrow({ where: { id: row.userId } });
  const options = await creationOptionsFor(user, await listPasskeysForUser(user.id));
  await saveChallenge({ challenge: options.challenge, purpose: "email-recovery", binding: deviceId, userId: user.id, data: { recoveryId: row.id } });
  return options;
}

/**
 * Registers the new passkey and completes the recovery in one transaction: every session of the
 * account is signed out, the earlier passkeys are marked "Before recovery", every recovery code
 * stops working, the link is spent, and this browser gets a recovery session. Like a recovery-code
 * session it starts unverified, and only the passkey it added may confirm it
 * (lib/server/sessions/verification.ts): until then it cannot remove passkeys, change the email or
 * delete the account.
 */
export async function finishEmailRecovery(
  token: string,
  response: RegistrationResponseJSON,
  context: { deviceId: string; client: ClientInfo },
): Promise<{ userId: string; sessionId: string; passkey: { id: string; name: string } }> {
  const { deviceId, client } = context;
  const row = await readyRecovery(token, deviceId);
  refuseFramedCeremony(response.response.clientDataJSON);
  const challenge = challengeFromClientData(response.response.clientDataJSON);
  const stored = challenge ? await consumeChallenge(challenge, "email-recovery", deviceId) : null;
  const data = recoveryChallengeSchema.safeParse(stored?.data);
  if (!challenge || !stored || stored.userId !== row.userId || !data.success || data.data.recoveryId !== row.id) {
    throw new UserFacingError("challenge_invalid", "recoveryChallengeInvalid");
  }
  const user = await prisma.user.findUniqueOrThrow({ where: { id: row.userId } });
  const credential = await verifyNewCredential(response, challenge, client.userAgent, { locale: accountLocale(user) });
  await refuseUnacceptableCredential(user, credential);
  const now = new Date();
  const sessionId = randomUUID();
  try {
    const passkey = await prisma.$transaction(async (tx) => {
      await lockUser(tx, user.id);
      const { count } = await tx.accountRecovery.updateMany({
        where: { id: row.id, deviceId, ...IN_PROGRESS, readyAt: { lte: now } },
        data: { completedAt: now },
      });
      if (count !== 1) throw badLink();
      await revokeAllSessions(tx, user.id, now);
      await markPasskeysBeforeRecovery(tx, user.id, now);
      await spendAllRecoveryCodesIn(tx, user.id, now);
      await dropUnsentEmails(tx, user.id, [...SCHEDULED_RECOVERY_MAIL]);
      // The new passkey names the session it was added in, so it (and no earlier one) may confirm that session.
      const created = await savePasskey(tx, user.id, credential, sessionId);
      await openSignInSessionIn(tx, {
        sessionId,
        userId: user.id,
        passkey: created,
        method: "recovery",
        deviceId,
        client,
        passkeyFromAnotherDevice: answeredFromAnotherDevice(response.authenticatorAttachment, response.response.transports ?? []),
      });
      await recordEventIn(tx, { userId: user.id, type: "email_recovery_completed", client, detail: { passkeyName: created.name } });
      await enqueueRecoveryNotice(tx, { kind: "email_recovery_completed", userId: user.id, client, at: now, readyAt: row.readyAt ?? now });
      return created;
    });
    deliverSoon();
    return { userId: user.id, sessionId, passkey: { id: passkey.id, name: passkey.name } };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw credentialExists();
    throw error;
  }
}
