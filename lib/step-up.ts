import "server-only";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { verifyAssertion } from "./authentication";
import { prisma } from "./db";
import { env } from "./env";
import { UserFacingError } from "./errors";
import type { Session } from "./generated/prisma/client";

// Sensitive changes need a user-verified passkey check this recent (STEP_UP_WINDOW_SECONDS,
// 5 minutes by default): a session left open on a shared computer must not be enough to remove
// passkeys or weaken the account's policy.

export function isRecentlyVerified(session: Pick<Session, "verifiedAt">, now: number = Date.now()): boolean {
  return now - session.verifiedAt.getTime() <= env().stepUpWindowMs;
}

export function requireRecentVerification(session: Pick<Session, "verifiedAt">): void {
  if (isRecentlyVerified(session)) return;
  throw new UserFacingError("step_up_required", "For your security, confirm it's you with one of your passkeys first.", 403);
}

/** Verifies a step-up assertion by the session's own account and marks the session as just verified. */
export async function finishStepUp(
  session: Pick<Session, "id" | "userId">,
  response: AuthenticationResponseJSON,
  userAgent: string | null,
): Promise<void> {
  await verifyAssertion(response, "step-up", { userId: session.userId, userAgent });
  await prisma.session.updateMany({ where: { id: session.id, userId: session.userId }, data: { verifiedAt: new Date() } });
}
