import type { Passkey, Session } from "../../generated/prisma/client";
import { env } from "../platform/env";
import { UserFacingError } from "../platform/errors";

// Sensitive changes (adding or removing a passkey, the synced-passkey policy, recovery codes,
// the email address, deleting the account) need a user-verified passkey check this recent
// (STEP_UP_WINDOW_SECONDS, 5 minutes by default): a session left open must not be enough.
//
// Freshness can only come from a passkey the account had before this session began. A passkey
// added in a session never confirms changes in that same session, so whoever holds an open
// session cannot add a passkey of their own and then vouch for themselves with it once the
// window has passed: the window always ends with a check only the owner's older passkeys pass.
// A recovery session is the one exception, by design: it starts unverified, and proves itself by
// confirming with exactly the passkey added in it (lib/server/ceremonies/step-up.ts). A recovery-code
// session adds that passkey after signing in; a recovery through the email creates it as it signs in
// (lib/server/recovery/email-recovery.ts), and none of the passkeys from before the recovery may
// vouch for it: whoever finished the recovery may not hold them.

export function isRecentlyVerified(session: Pick<Session, "verifiedAt">, now: number = Date.now()): boolean {
  return session.verifiedAt !== null && now - session.verifiedAt.getTime() <= env().stepUpWindowMs;
}

export function requireRecentVerification(session: Pick<Session, "verifiedAt">): void {
  if (isRecentlyVerified(session)) return;
  throw new UserFacingError("step_up_required", "stepUpRequired", 403);
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
