import "server-only";
import type { Passkey, Session, User } from "../../generated/prisma/client";
import { listPasskeysForUser } from "../passkeys/passkeys";
import { env } from "../platform/env";
import { recoveryCodeStatus, type RecoveryCodeStatus } from "../recovery/recovery-codes";
import { listActiveSessions } from "../sessions/sessions";
import type { CheckupState } from "./checkup";

/** The checkup's state as read, with the full rows, so /account can show its passkeys and codes from the same reads. */
export interface LoadedCheckupState extends CheckupState {
  passkeys: Passkey[];
  recoveryCodes: RecoveryCodeStatus;
  sessions: Session[];
}

/**
 * Reads what the security checkup needs about the signed-in account (read-only: three queries,
 * side by side). A failed read throws, so a page never shows "All good" for data it doesn't have.
 */
export async function readCheckupState(user: User): Promise<LoadedCheckupState> {
  const [passkeys, recoveryCodes, sessions] = await Promise.all([
    listPasskeysForUser(user.id),
    recoveryCodeStatus(user.id),
    listActiveSessions(user.id),
  ]);
  return { user, passkeys, recoveryCodes, sessions, sessionIdleMs: env().sessionIdleMs };
}
