import type { Passkey, User } from "../../generated/prisma/client";

// The account's passkey policy, as pure functions: pages, ceremonies and the passkeys domain
// all ask the same questions, and none of them needs the database to answer.

/** A synced passkey can leave the device: its provider copies it to every device of the cloud account. */
export function isSynced(passkey: Pick<Passkey, "backupEligible">): boolean {
  return passkey.backupEligible;
}

/** The passkeys an account may sign in with: all of them, or only device-bound ones by its owner's choice. */
export function usablePasskeys<P extends Pick<Passkey, "backupEligible">>(user: Pick<User, "deviceBoundOnly">, passkeys: P[]): P[] {
  return user.deviceBoundOnly ? passkeys.filter((passkey) => !isSynced(passkey)) : passkeys;
}

/**
 * Whether a ceremony was answered by a passkey on another device, a phone through hybrid (the QR
 * code), so this browser holds none of the account's passkeys. A security key over USB or NFC is
 * cross-platform too but is no such case: it is the key its owner chose to carry, and quietly
 * adding a synced passkey beside it would weaken their setup.
 */
export function answeredFromAnotherDevice(attachment: string | null | undefined, transports: readonly string[]): boolean {
  return attachment === "cross-platform" && transports.includes("hybrid");
}
