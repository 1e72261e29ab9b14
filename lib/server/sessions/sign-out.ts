import "server-only";
import { recordEventIn } from "../activity/activity";
import { describeUserAgent } from "../activity/user-agent";
import type { ClientInfo } from "../http/client-info";
import { prisma } from "../platform/db";
import { UserFacingError } from "../platform/errors";
import { findOtherActiveSession, findSession, revokeOtherSessions, revokeSession, type ActiveSession } from "./sessions";

// Signing out, as people ask for it: each way revokes through the session primitives and
// records the activity entry the owner sees, in one transaction (a sign-out is never missing
// from the activity page, and a repeated one is recorded once).

/** The refusal for a session that no longer signs a browser in (or never was one of the owner's). */
export function alreadySignedOut(): UserFacingError {
  return new UserFacingError("session_not_found", "sessionNotFound", 404);
}

/** Signs a browser out at its own request (the Sign out button) and records it. */
export async function signOutSession(sessionId: string): Promise<void> {
  const session = await findSession(sessionId);
  if (!session || session.revokedAt) return;
  await prisma.$transaction(async (tx) => {
    if (!(await revokeSession(sessionId, tx))) return;
    await recordEventIn(tx, {
      userId: session.userId,
      type: "session_signed_out",
      client: { userAgent: session.userAgent, ipAddress: session.ipAddress },
      detail: { scope: "this", device: describeUserAgent(session.userAgent) ?? undefined },
    });
  });
}

/** Signs out one of the owner's other sessions; the current one uses the Sign out button instead. */
export async function signOutOtherSession(current: ActiveSession, targetId: string, client: ClientInfo): Promise<void> {
  const target = await findOtherActiveSession(current, targetId);
  if (!target) throw alreadySignedOut();
  await prisma.$transaction(async (tx) => {
    if (!(await revokeSession(target.id, tx))) throw alreadySignedOut();
    await recordEventIn(tx, {
      userId: current.userId,
      type: "session_signed_out",
      client,
      detail: { scope: "other", device: describeUserAgent(target.userAgent) ?? "Unknown device" },
    });
  });
}

/** Signs out every session of the owner except this one; returns how many were signed out. */
export async function signOutEverywhereElse(current: ActiveSession, client: ClientInfo): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const count = await revokeOtherSessions(current, tx);
    await recordEventIn(tx, { userId: current.userId, type: "session_signed_out", client, detail: { scope: "everywhere-else", count } });
    return count;
  });
}
