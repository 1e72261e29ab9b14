import "server-only";
import type { Prisma } from "../../generated/prisma/client";
import { env } from "../platform/env";
import { revokeSessionsOfPasskeysWhere } from "../sessions/sessions";

// PASSKEY_POLICY changes only with a restart. The passkeys it no longer accepts are refused from
// then on at sign-in and step-up (policy.ts); this signs out the sessions they opened before, as
// turning on an account's device-bound-only setting signs out those of its synced passkeys.

function unacceptedPasskeys(): Prisma.PasskeyWhereInput | null {
  const policy = env().passkeyPolicy;
  if (policy.kind === "device-bound") return { backupEligible: true };
  if (policy.kind === "allow-list") return { aaguid: { notIn: policy.allowedAaguids } };
  return null;
}

/** Signs out every session opened by a passkey the deployment's policy refuses; returns how many. Run at boot. */
export async function signOutSessionsOutsideDeploymentPolicy(): Promise<number> {
  const unaccepted = unacceptedPasskeys();
  return unaccepted ? revokeSessionsOfPasskeysWhere(unaccepted) : 0;
}
