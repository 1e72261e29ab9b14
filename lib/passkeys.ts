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

/**
 * After a verified assertion: current backup state (it may change) and last use. The counter
 * only moves forward, so two concurrent sign-ins can never leave the lower value stored.
 */
export async function recordPasskeyUse(
  passkeyId: string,
  update: { counter: number; backedUp: boolean; deviceType: string },
): Promise<void> {
  await prisma.$executeRaw`
    UPDATE passkeys
    SET counter = GREATEST(counter, ${BigInt(update.counter)}),
        backed_up = ${update.backedUp},
        device_type = ${update.deviceType},
        last_used_at = now()
    WHERE id = ${passkeyId}::uuid`;
}
