import type { Passkey, User } from "../../generated/prisma/client";
import { env } from "../platform/env";
import type { DeploymentPolicyName, UnusableReason } from "../../shared/passkey-policy";

export type { UnusableReason };

// The passkey policy, the account's and the deployment's (PASSKEY_POLICY), as plain functions:
// pages, ceremonies and the passkeys domain all ask the same questions, and none of them needs
// the database to answer.

/** A synced passkey can leave the device: its provider copies it to every device of the cloud account. */
export function isSynced(passkey: Pick<Passkey, "backupEligible">): boolean {
  return passkey.backupEligible;
}

/** The deployment accepts only passkeys that stay on one device, for every account (PASSKEY_POLICY=device-bound). */
export function deploymentRequiresDeviceBound(): boolean {
  return env().passkeyPolicy.kind === "device-bound";
}

/** Whether synced passkeys are refused for this account: by its owner's choice, or by the deployment's policy. */
export function requiresDeviceBound(user: Pick<User, "deviceBoundOnly">): boolean {
  return user.deviceBoundOnly || deploymentRequiresDeviceBound();
}

/** Whether the deployment accepts this authenticator: under PASSKEY_POLICY=allow-list, only the AAGUIDs in ALLOWED_AAGUIDS. */
export function providerAllowed(passkey: Pick<Passkey, "aaguid">): boolean {
  const policy = env().passkeyPolicy;
  return policy.kind !== "allow-list" || policy.allowedAaguids.includes(passkey.aaguid.toLowerCase());
}

/** The deployment's policy name (PASSKEY_POLICY), for pages that explain it. */
export function deploymentPolicy(): DeploymentPolicyName {
  return env().passkeyPolicy.kind;
}

/**
 * Why a stored passkey can't be used to sign in or confirm, or null when it can. A deployment
 * policy set after a passkey was registered applies to it as the account's own policy does: its
 * passkeys stay listed, so their owner can see and remove them, but no longer get in.
 */
export function unusableReason(user: Pick<User, "deviceBoundOnly">, passkey: Pick<Passkey, "backupEligible" | "aaguid">): UnusableReason | null {
  if (!providerAllowed(passkey)) return "provider-not-allowed";
  if (!isSynced(passkey)) return null;
  if (deploymentRequiresDeviceBound()) return "deployment-device-bound";
  return user.deviceBoundOnly ? "account-device-bound" : null;
}

/** The passkeys an account may sign in with: all of them, or those its owner's and the deployment's policies accept. */
export function usablePasskeys<P extends Pick<Passkey, "backupEligible" | "aaguid">>(user: Pick<User, "deviceBoundOnly">, passkeys: P[]): P[] {
  return passkeys.filter((passkey) => unusableReason(user, passkey) === null);
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
