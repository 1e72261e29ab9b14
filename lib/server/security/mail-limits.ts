import "server-only";
import { countRateLimitRefusal } from "../platform/metrics";
import { hit, LIMITS } from "./rate-limit";

/**
 * Counts one requested (non-security) email to `address` and says whether it may be sent: at
 * most 5 an hour and 10 a day, however many accounts, machines or requests ask. The counters
 * live in the database, so every app instance shares them.
 */
export async function allowRequestedMail(address: string): Promise<boolean> {
  const hour = await hit(LIMITS.requestedMailPerRecipient, address);
  const day = await hit(LIMITS.requestedMailPerRecipientDaily, address);
  for (const result of [hour, day]) if (!result.allowed) countRateLimitRefusal(result.limit);
  return hour.allowed && day.allowed;
}
