import "server-only";
import type { WebAuthnCredential } from "@simplewebauthn/server";
import { prisma } from "./db";
import type { Passkey } from "./generated/prisma/client";

export type { Passkey };

export async function listPasskeysForUser(userId: string): Promise<Passkey[]> {
  return prisma.passkey.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
}

export async function findPasskeyByCredentialId(credentialId: string): Promise<Passkey | null> {
  return prisma.passkey.findUnique({ where: { credentialId } });
}

/** The stored form @simplewebauthn/server verifies an assertion against. */
export function toWebAuthnCredential(passkey: Passkey): WebAuthnCredential {
  return {
    id: passkey.credentialId,
    publicKey: new Uint8Array(passkey.publicKey),
    counter: Number(passkey.counter),
    transports: passkey.transports as WebAuthnCredential["transports"],
  };
}

/** After a verified assertion: new counter, current backup state (it may change), last use. */
export async function recordPasskeyUse(
  passkeyId: string,
  update: { counter: number; backedUp: boolean; deviceType: string },
): Promise<void> {
  await prisma.passkey.update({
    where: { id: passkeyId },
    data: { counter: BigInt(update.counter), backedUp: update.backedUp, deviceType: update.deviceType, lastUsedAt: new Date() },
  });
}
