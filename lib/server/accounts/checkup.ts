import "server-only";
import type { Passkey, Session, User } from "../../generated/prisma/client";
import { providerForAaguid } from "../passkeys/aaguid";
import { isSynced, requiresDeviceBound, usablePasskeys } from "../passkeys/policy";

// The security checkup (/account/checkup): what is worth fixing about an account, computed from
// its state and a given instant, without the database, so every rule is tested on its own.

const DAY_MS = 24 * 60 * 60 * 1000;
/** A signed-in device unused for longer than this is probably forgotten (or no longer the owner's). */
export const IDLE_SESSION_DAYS = 30;

/** What the checkup reads about an account. Every part is required: a part that couldn't be read can't pass as "nothing to fix". */
export interface CheckupState {
  user: Pick<User, "email" | "emailConfirmedAt" | "deviceBoundOnly">;
  passkeys: Pick<Passkey, "aaguid" | "backupEligible" | "transports" | "attachment">[];
  recoveryCodes: { unused: number; total: number };
  sessions: Pick<Session, "lastSeenAt" | "expiresAt" | "revokedAt">[];
  /** The idle timeout the server signs sessions out after (SESSION_IDLE_MINUTES). */
  sessionIdleMs: number;
}

/** One thing to fix, most severe first in the checkup's answer. The page words each kind. */
export type Finding =
  | { kind: "single-passkey" }
  | { kind: "no-recovery-codes"; everCreated: boolean }
  | { kind: "one-provider"; provider: string }
  | { kind: "idle-sessions"; count: number }
  | { kind: "unconfirmed-email"; email: string }
  | { kind: "synced-with-security-key" };

type Rule = (state: CheckupState, now: Date) => Finding | null;

/** Fewer than two passkeys the account can sign in with: losing one device leaves only a recovery code. */
const singlePasskey: Rule = ({ user, passkeys }) => (usablePasskeys(user, passkeys).length < 2 ? { kind: "single-passkey" } : null);

/** No unused recovery code: losing every passkey means losing the account. Spent codes don't count. */
const noRecoveryCodes: Rule = ({ recoveryCodes }) =>
  recoveryCodes.unused === 0 ? { kind: "no-recovery-codes", everCreated: recoveryCodes.total > 0 } : null;

/**
 * Two or more usable passkeys, all synced by one named provider: whoever takes over (or locks the
 * owner out of) that one cloud account holds or loses every passkey at once. Device-bound passkeys
 * are not counted as a shared point of failure even when they are of one make: two security keys
 * are two objects to lose, not one account. A passkey whose provider has no name (an unlisted or
 * all-zero AAGUID) may be anyone's, so with one of those the rule says nothing.
 */
const oneProvider: Rule = ({ user, passkeys }) => {
  const usable = usablePasskeys(user, passkeys);
  if (usable.length < 2 || !usable.every(isSynced)) return null;
  const providers = new Set(usable.map((passkey) => providerForAaguid(passkey.aaguid)));
  const [provider] = providers;
  return providers.size === 1 && provider ? { kind: "one-provider", provider } : null;
};

/**
 * Sessions that still sign a browser in (not revoked, within both expiries) but were last used
 * more than IDLE_SESSION_DAYS ago; exactly that long is not yet "more than". Under the default
 * idle timeout (a week) the server has signed such a session out long before, so this only finds
 * something where an operator raised SESSION_IDLE_MINUTES.
 */
const idleSessions: Rule = ({ sessions, sessionIdleMs }, now) => {
  const at = now.getTime();
  const count = sessions.filter(
    (session) =>
      session.revokedAt === null &&
      session.expiresAt.getTime() > at &&
      session.lastSeenAt.getTime() > at - sessionIdleMs &&
      at - session.lastSeenAt.getTime() > IDLE_SESSION_DAYS * DAY_MS,
  ).length;
  return count > 0 ? { kind: "idle-sessions", count } : null;
};

/** Until the address is confirmed, no security email reaches it. */
const unconfirmedEmail: Rule = ({ user }) => (user.emailConfirmedAt ? null : { kind: "unconfirmed-email", email: user.email });

/**
 * A security key that stays on one device, usable, next to at least one synced passkey, while the
 * account still accepts synced ones: the device-bound-only policy would shut out a cloud-account
 * takeover, and the key means turning it on can't lock the owner out or tie them to one computer.
 */
const syncedWithSecurityKey: Rule = ({ user, passkeys }) => {
  if (requiresDeviceBound(user)) return null;
  const usable = usablePasskeys(user, passkeys);
  return usable.some(isDeviceBoundSecurityKey) && usable.some(isSynced) ? { kind: "synced-with-security-key" } : null;
};

/**
 * Device-bound and cross-platform: a security key (or a phone holding a non-synced passkey). Older
 * passkeys without a recorded attachment count when their transports are a security key's.
 */
export function isDeviceBoundSecurityKey(passkey: Pick<Passkey, "backupEligible" | "transports" | "attachment">): boolean {
  if (isSynced(passkey)) return false;
  if (passkey.attachment) return passkey.attachment === "cross-platform";
  return !passkey.transports.includes("internal") && passkey.transports.some((t) => t === "usb" || t === "nfc" || t === "ble");
}

// Most severe first: the ways to lose the account, then the ways someone else gets in or goes
// unnoticed, then a suggestion.
const RULES: Rule[] = [singlePasskey, noRecoveryCodes, oneProvider, idleSessions, unconfirmedEmail, syncedWithSecurityKey];

/** The account's findings at `now`, most severe first; an empty list means nothing to fix. */
export function securityCheckup(state: CheckupState, now: Date): Finding[] {
  return RULES.map((rule) => rule(state, now)).filter((finding): finding is Finding => finding !== null);
}
