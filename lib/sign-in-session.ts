import "server-only";
import { recordEventIn } from "./activity";
import type { ClientInfo } from "./client-info";
import { prisma } from "./db";
import type { Prisma } from "./generated/prisma/client";
import { deliverSoon } from "./outbox";
import { recordPasskeyUse, type PasskeyUse } from "./passkeys";
import { createSession, isNewDevice, type SignInMethod } from "./sessions";

export interface SignInSessionInput {
  userId: string;
  /** The passkey that proved the sign-in; null for a recovery code. */
  passkey: { id: string; name: string } | null;
  /** That passkey's use to record (counter, backup state, last use), with the session. */
  use?: PasskeyUse;
  method: SignInMethod;
  deviceId: string;
  client: ClientInfo;
}

/**
 * Opens the session a verified ceremony earned, with its "signed in" activity entry and, from a
 * browser this account never used, the new-device email, all in the caller's transaction: a
 * crash never leaves a session nobody hears about. Returns the session ID for the cookie.
 */
export async function openSignInSessionIn(tx: Prisma.TransactionClient, input: SignInSessionInput): Promise<{ sessionId: string; notified: boolean }> {
  if (input.passkey && input.use) await recordPasskeyUse(input.passkey.id, input.use, tx);
  const newDevice = input.method !== "signup" && (await isNewDevice(input.userId, input.deviceId, tx));
  const sessionId = await createSession(
    {
      userId: input.userId,
      passkeyId: input.passkey?.id ?? null,
      method: input.method,
      deviceId: input.deviceId,
      ...input.client,
    },
    tx,
  );
  if (input.method === "signup") return { sessionId, notified: false };
  await recordEventIn(tx, {
    userId: input.userId,
    type: "signed_in",
    client: input.client,
    detail: { method: input.method === "recovery" ? "recovery" : "passkey", passkeyName: input.passkey?.name },
    notify: newDevice ? "new_device_sign_in" : undefined,
  });
  return { sessionId, notified: newDevice };
}

/** {@link openSignInSessionIn} in a transaction of its own. */
export async function openSignInSession(input: SignInSessionInput): Promise<string> {
  const { sessionId, notified } = await prisma.$transaction((tx) => openSignInSessionIn(tx, input));
  if (notified) deliverSoon();
  return sessionId;
}
