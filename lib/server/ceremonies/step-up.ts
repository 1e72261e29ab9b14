import "server-only";
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { allowed, assertionOptions, verifyAssertion } from "./authentication";
import { usablePasskeys } from "../passkeys/policy";
import { prisma } from "../platform/db";
import { UserFacingError } from "../platform/errors";
import type { Passkey, Session, User } from "../../generated/prisma/client";
import { listPasskeysForUser, recordPasskeyUse } from "../passkeys/passkeys";
import { markSessionVerified } from "../sessions/sessions";
import { vouchesFor } from "../sessions/verification";

// The rule of who may confirm (vouchesFor and the window) is in lib/server/sessions/verification.ts.

type StepUpSession = Pick<Session, "id" | "userId" | "method" | "verifiedAt" | "passkeyId">;

function noPasskeyToConfirmWith(session: Pick<Session, "method" | "passkeyId">): UserFacingError {
  // A recovery through the email signs in with the passkey it just created (a recovery code with none).
  if (session.method === "recovery" && session.passkeyId) {
    return new UserFacingError("recovery_passkey_only", "recoveryPasskeyOnly", 403);
  }
  return session.method === "recovery"
    ? new UserFacingError(
        "add_passkey_first",
        "addPasskeyFirst",
        403,
      )
    : new UserFacingError(
        "passkey_not_eligible",
        "passkeyNotEligible",
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
