import "server-only";
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { allowed, assertionOptions, verifyAssertion } from "./authentication";
import { usablePasskeys } from "../passkeys/policy";
import { prisma } from "../platform/db";
import { env } from "../platform/env";
import { UserFacingError } from "../platform/errors";
import type { Passkey, Session, User } from "../../generated/prisma/client";
import { listPasskeysForUser, recordPasskeyUse } from "../passkeys/passkeys";
import { markSessionVerified } from "../sessions/sessions";

// Sensitive changes (adding or removing a passkey, the synced-passkey policy, recovery codes,
// the email address, deleting the account) need a user-verified passkey check this recent
// (STEP_UP_WINDOW_SECONDS, 5 minutes by default): a session left open must not be enough.
//
// Freshness can only come from a passkey the account had before this session began. A passkey
// added in a session never confirms changes in that same session, so whoever holds an open
// session cannot add a passkey of their own and then vouch for themselves with it once the
// window has passed: the window always ends with a check only the owner's older passkeys pass.
// A recovery-code session is the one exception, by design: it starts unverified, may add a
// passkey, and proves itself by confirming with exactly that passkey (lib/server/sessions/sessions.ts).

type StepUpSession = Pick<Session, "id" | "userId" | "method" | "verifiedAt">;

export function isRecentlyVerified(session: Pick<Session, "verifiedAt">, now: number = Date.now()): boolean {
  return session.verifiedAt !== null && now - session.verifiedAt.getTime() <= env().stepUpWindowMs;
}

export function requireRecentVerification(session: Pick<Session, "verifiedAt">): void {
  if (isRecentlyVerified(session)) return;
  throw new UserFacingError("step_up_required", "For your security, confirm it's you with one of your passkeys first.", 403);
}

/** A recovery-code session that has not yet confirmed with a passkey of its own. */
export function isUnprovenRecovery(session: Pick<Session, "method" | "verifiedAt">): boolean {
  return session.method === "recovery" && session.verifiedAt === null;
}

/**
 * Adding a passkey needs a recent check, like removing one; an unproven recovery session may add
 * one without it, because adding a passkey is how it proves itself.
 */
export function requireMayAddPasskey(session: Pick<Session, "method" | "verifiedAt">): void {
  if (isUnprovenRecovery(session)) return;
  requireRecentVerification(session);
}

/** Whether this passkey may confirm sensitive changes in this session (see the rule above). */
export function vouchesFor(session: Pick<Session, "id" | "method">, passkey: Pick<Passkey, "addedInSessionId">): boolean {
  const addedHere = passkey.addedInSessionId === session.id;
  return session.method === "recovery" ? addedHere : !addedHere;
}

function noPasskeyToConfirmWith(session: Pick<Session, "method">): UserFacingError {
  return session.method === "recovery"
    ? new UserFacingError(
        "add_passkey_first",
        "You signed in with a recovery code. Add a passkey on this device first, then confirm with it.",
        403,
      )
    : new UserFacingError(
        "passkey_not_eligible",
        "Confirm with a passkey you already had before this sign-in. A passkey added since can confirm changes from your next sign-in on.",
        403,
      );
}

/** Options to re-confirm a signed-in person with one of the passkeys that may vouch for this session. */
export async function startStepUp(session: StepUpSession & { user: User }): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const passkeys = usablePasskeys(session.user, await listPasskeysForUser(session.userId)).filter((passkey) => vouchesFor(session, passkey));
  if (passkeys.length === 0) throw noPasskeyToConfirmWith(session);
  return assertionOptions({ purpose: "step-up", allow: allowed(passkeys), binding: session.id, userId: session.userId });
}

/** Verifies a step-up assertion by one of the session's eligible passkeys and marks the session as just verified. */
export async function finishStepUp(
  session: StepUpSession,
  response: AuthenticationResponseJSON,
  userAgent: string | null,
  ipAddress: string | null = null,
): Promise<void> {
  const { passkey, use } = await verifyAssertion(response, "step-up", {
    binding: session.id,
    userId: session.userId,
    userAgent,
    ipAddress,
    accept: (candidate) => (vouchesFor(session, candidate) ? null : noPasskeyToConfirmWith(session)),
  });
  await prisma.$transaction(async (tx) => {
    await recordPasskeyUse(passkey.id, use, tx);
    await markSessionVerified(tx, session);
  });
}
