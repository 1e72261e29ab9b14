import "server-only";
import { eventInsertStatement, recordEventIn, type EventDetail } from "../activity/activity";
import type { ClientInfo } from "../http/client-info";
import { prisma } from "../platform/db";
import { deliverSoon } from "../activity/mail-queue";
import { env } from "../platform/env";
import { Prisma } from "../../generated/prisma/client";
import { passkeyUseStatement, recordPasskeyUse, type PasskeyUse } from "../passkeys/passkeys";
import { cancelRecoveryIn, cancelRecoveryStatement, noteRecoveriesCancelledBySignIn } from "../recovery/pending-recovery";
import { createSession, isNewDevice, type SignInMethod } from "./sessions";

export interface SignInSessionInput {
  /** The new session's ID, when the caller needs it first (a recovery's new passkey names it). */
  sessionId?: string;
  userId: string;
  /**
   * The passkey that proved the sign-in; null for a recovery code. For a recovery through the
   * email, the new passkey the recovery registered.
   */
  passkey: { id: string; name: string } | null;
  /** That passkey's use to record (counter, backup state, last use), with the session. */
  use?: PasskeyUse;
  method: SignInMethod;
  deviceId: string;
  client: ClientInfo;
  /** Already known to have had a session of this account in this browser (no new-device email). */
  knownDevice?: boolean;
  /** The passkey answered from another device (a phone through hybrid), so this browser holds none of the account's passkeys. */
  passkeyFromAnotherDevice?: boolean;
  /** The account has a recovery through its email in progress (the sign-in cancels it, so no one-statement path). */
  recoveryPending?: boolean;
}

// A browser signed in by a recovery code or by a phone's passkey holds none of the account's
// passkeys: the account pages offer to add one here (quietly where the browser can). A recovery
// through the email has just created one, here unless it was made on a phone.
function needsPasskeyHere(input: SignInSessionInput): boolean {
  if (input.method === "recovery" && !input.passkey) return true;
  return input.method !== "signup" && input.passkeyFromAnotherDevice === true;
}

// A recovery session with a passkey is a recovery through the email (a recovery code brings none).
function signedInDetail(input: SignInSessionInput): EventDetail {
  if (input.method === "recovery") return input.passkey ? { method: "email_recovery", passkeyName: input.passkey.name } : { method: "recovery" };
  return { method: "passkey", passkeyName: input.passkey?.name };
}

/**
 * Opens the session a verified ceremony earned, with its "signed in" activity entry and, from a
 * browser this account never used, the new-device email, all in the caller's transaction: a
 * crash never leaves a session nobody hears about. Returns the session ID for the cookie.
 */
export async function openSignInSessionIn(tx: Prisma.TransactionClient, input: SignInSessionInput): Promise<{ sessionId: string; notified: boolean }> {
  if (input.passkey && input.use) await recordPasskeyUse(input.passkey.id, input.use, tx);
  const newDevice = input.method !== "signup" && (await isNewDevice(input.userId, input.deviceId, tx));
  // Whoever signs in with a passkey holds one: nobody needs to recover this account.
  if (input.method === "passkey") await cancelRecoveryIn(tx, input.userId, input.client, "passkey_sign_in");
  const sessionId = await createSession(
    {
      id: input.sessionId,
      userId: input.userId,
      passkeyId: input.passkey?.id ?? null,
      method: input.method,
      deviceId: input.deviceId,
      needsPasskeyHere: needsPasskeyHere(input),
      ...input.client,
    },
    tx,
  );
  if (input.method === "signup") return { sessionId, notified: false };
  await recordEventIn(tx, {
    userId: input.userId,
    type: "signed_in",
    client: input.client,
    detail: signedInDetail(input),
    notify: newDevice ? "new_device_sign_in" : undefined,
  });
  return { sessionId, notified: newDevice };
}

/**
 * {@link openSignInSessionIn} in a transaction of its own. From a browser already known to the
 * account (the usual sign-in), no email can follow, so it is one statement: one round trip.
 */
export async function openSignInSession(input: SignInSessionInput): Promise<string> {
  if (input.knownDevice && !input.recoveryPending && input.method !== "signup") return openKnownDeviceSession(input);
  const { sessionId, notified } = await prisma.$transaction((tx) => openSignInSessionIn(tx, input));
  if (notified || input.recoveryPending) deliverSoon();
  return sessionId;
}

// The passkey's use, the session row and the "signed in" entry, as one statement: what
// openSignInSessionIn writes for a known browser, without its round trips.
async function openKnownDeviceSession(input: SignInSessionInput): Promise<string> {
  const [row] = await prisma.$queryRaw<{ id: string; cancelled: number }[]>(knownDeviceSessionStatement(input, new Date()));
  // Only when a recovery began after the sign-in checked for one: then its entry and notice follow.
  if (row.cancelled > 0) await noteRecoveriesCancelledBySignIn(input.userId, input.client);
  return row.id;
}

/** The statement openKnownDeviceSession runs (exported so lib/testing/hot-queries.ts can EXPLAIN it as issued). */
export function knownDeviceSessionStatement(input: SignInSessionInput, now: Date): Prisma.Sql {
  const { userAgent, ipAddress } = input.client;
  const passkeyId = input.passkey?.id ?? null;
  const used = input.passkey && input.use ? Prisma.sql`used AS (${passkeyUseStatement(input.passkey.id, input.use)} RETURNING 1),` : Prisma.empty;
  return Prisma.sql`
    WITH ${used}
    created AS (
      INSERT INTO sessions (id, user_id, passkey_id, method, user_agent, ip_address, device_id, created_at, last_seen_at, verified_at, needs_passkey_here, expires_at)
      VALUES (gen_random_uuid(), ${input.userId}::uuid, ${passkeyId}::uuid, ${input.method}, ${userAgent}, ${ipAddress}, ${input.deviceId},
        ${now}, ${now}, ${input.method === "recovery" ? null : now}, ${needsPasskeyHere(input)}, ${new Date(now.getTime() + env().sessionMaxMs)})
      RETURNING id),
    event AS (${eventInsertStatement({ userId: input.userId, type: "signed_in", client: input.client, detail: signedInDetail(input) }, now)}),
    cancelled AS (${input.method === "passkey" ? cancelRecoveryStatement(input.userId, now) : Prisma.sql`SELECT NULL::uuid AS id WHERE false`})
    SELECT id, (SELECT count(*)::int FROM cancelled) AS cancelled FROM created`;
}
