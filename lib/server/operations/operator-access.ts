import "server-only";
import type { Session, User } from "../../generated/prisma/client";
import { env } from "../platform/env";
import { isRecentlyVerified } from "../sessions/verification";

/** What /operator shows this request: nothing (a 404), the passkey check, or the dashboard. */
export type OperatorAccess = "none" | "confirm_with_passkey" | "granted";

/**
 * Whether the account is an operator: its confirmed address is one of OPERATOR_EMAILS. An
 * unconfirmed address never counts: anyone may sign up with an operator's address (several
 * unconfirmed accounts may carry one), and only the address's reader can confirm it.
 */
export function isOperator(user: Pick<User, "email" | "emailConfirmedAt">, operatorEmails: string[] = env().operatorEmails): boolean {
  if (!user.emailConfirmedAt) return false;
  return operatorEmails.includes(user.email.trim().toLowerCase());
}

/**
 * An operator also needs a recent passkey check (the step-up window of sensitive changes), so a
 * session cookie alone, copied from the operator's browser, never opens the dashboard. Everyone
 * else learns nothing: the page answers them exactly as an unknown path.
 */
export function operatorAccess(
  session: (Pick<Session, "verifiedAt"> & { user: Pick<User, "email" | "emailConfirmedAt"> }) | null,
  options: { now?: number; operatorEmails?: string[] } = {},
): OperatorAccess {
  if (!session || !isOperator(session.user, options.operatorEmails)) return "none";
  return isRecentlyVerified(session, options.now) ? "granted" : "confirm_with_passkey";
}
