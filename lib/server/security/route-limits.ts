import "server-only";
import type { ClientInfo } from "../http/client-info";
import { LIMITS, type RateLimitCheck } from "./rate-limit";

// Limits several endpoints declare alike (the route wrapper counts them: lib/server/http/route.ts).

interface Caller {
  session: { userId: string };
  client: ClientInfo;
}

/** A signed-in person's own ceremonies (add a passkey, step-up): per IP and per account. */
export function accountCeremonyLimits({ session, client }: Caller): RateLimitCheck[] {
  return [
    [LIMITS.signInPerIp, client.ipAddress],
    [LIMITS.accountCeremonyPerAccount, session.userId],
  ];
}

/** Mail a signed-in person asks for (a confirmation code): per IP and per account. */
export function emailRequestLimits({ session, client }: Caller): RateLimitCheck[] {
  return [
    [LIMITS.emailRequestsPerIp, client.ipAddress],
    [LIMITS.emailRequestsPerAccount, session.userId],
  ];
}
