import "server-only";
import type { ClientInfo } from "../http/client-info";
import { enforceRateLimits, LIMITS } from "./rate-limit";

/** Limits for a signed-in person's own ceremonies (add a passkey, step-up): per IP and per account. */
export function limitAccountCeremony(userId: string, client: ClientInfo): Promise<void> {
  return enforceRateLimits([
    [LIMITS.signInPerIp, client.ipAddress],
    [LIMITS.accountCeremonyPerAccount, userId],
  ]);
}
