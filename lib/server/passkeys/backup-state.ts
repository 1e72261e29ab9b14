import "server-only";
import type { CredentialDeviceType } from "@simplewebauthn/server";
import { recordEventIn } from "../activity/activity";
import type { ClientInfo } from "../http/client-info";
import { prisma } from "../platform/db";
import type { Passkey } from "../../generated/prisma/client";
import { deliverSoon } from "../activity/mail-queue";
import { deploymentRequiresDeviceBound, isSynced } from "./policy";
import { revokeSessionsOfPasskey } from "../sessions/sessions";

// Without attestation, the BE (backup eligible) and BS (backed up) flags are only the passkey
// provider's own claim, and a claim that can change: providers have shipped passkeys that were
// device-bound at registration and later synced. So every verified assertion is compared with
// what was stored, and the first sign of syncing is kept for good (a provider can't un-copy a key).

/** The backup flags of a verified assertion, as @simplewebauthn/server reports them. */
export interface AssertedBackupState {
  /** "multiDevice" when BE is set. */
  credentialDeviceType: CredentialDeviceType;
  /** BS. */
  credentialBackedUp: boolean;
}

/**
 * True when the flags say the key can exist beyond this device: BE, or BS even without BE. The
 * spec forbids BS without BE (and @simplewebauthn/server 14 refuses such an assertion before it
 * checks the signature), but a passkey claiming to be backed up must never count as device-bound.
 */
export function claimsSynced(flags: AssertedBackupState): boolean {
  return flags.credentialDeviceType === "multiDevice" || flags.credentialBackedUp;
}

/**
 * Call only with the flags of an assertion whose signature was verified. When a passkey stored as
 * device-bound now claims to be synced, stores it as synced with the time of the change, signs out
 * its sessions if the account allows only device-bound passkeys, records the activity event and
 * queues the owner's email, all in one transaction that commits before the
 * caller applies the account's policy (a refused sign-in must not lose the change). Returns the
 * passkey as it is stored afterwards; an unchanged passkey costs no query.
 */
export async function noteBackupState(passkey: Passkey, flags: AssertedBackupState, client: ClientInfo): Promise<Passkey> {
  if (isSynced(passkey) || !claimsSynced(flags)) return passkey;
  const becameSyncedAt = new Date();
  const changed = await prisma.$transaction(async (tx) => {
    // Conditional on the stored state, so two sign-ins racing with the new flags report it once.
    const { count } = await tx.passkey.updateMany({
      where: { id: passkey.id, userId: passkey.userId, backupEligible: false },
      data: { backupEligible: true, backedUp: flags.credentialBackedUp, deviceType: "multiDevice", becameSyncedAt },
    });
    if (count !== 1) return false;
    // Under the device-bound-only policy (the account's, or the deployment's for every account) a
    // synced passkey no longer gets in, so neither do the sessions it already opened (as when the policy is turned on).
    await revokeSessionsOfPasskey(tx, { userId: passkey.userId, passkeyId: passkey.id, onlyIfDeviceBoundOnly: !deploymentRequiresDeviceBound() });
    await recordEventIn(tx, {
      userId: passkey.userId,
      type: "passkey_became_synced",
      client,
      detail: { passkeyName: passkey.name },
      notify: "passkey_became_synced",
    });
    return true;
  });
  if (changed) deliverSoon();
  return {
    ...passkey,
    backupEligible: true,
    backedUp: flags.credentialBackedUp,
    deviceType: "multiDevice",
    becameSyncedAt: changed ? becameSyncedAt : passkey.becameSyncedAt,
  };
}
