import "server-only";
import { timingSafeEqual, createHash } from "node:crypto";
import { outboxDepth, type OutboxDepth } from "../activity/outbox-depth";
import { databaseKnownUnavailable, noteDatabaseError } from "./database-availability";
import { env } from "./env";
import { log } from "./log";
import { metrics } from "./metrics";

// GET /metrics for Prometheus. Without METRICS_TOKEN it does not exist (404, as any unknown
// path); with it, only a scraper that sends the token as a bearer token gets the figures.

const NO_STORE = { "Cache-Control": "no-store" } as const;

// Hashing both sides first gives equal lengths, so the comparison takes the same time whatever
// the guess, and even the token's length does not leak.
function sameToken(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function bearerToken(request: Request): string | null {
  const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(request.headers.get("authorization") ?? "");
  return match ? match[1] : null;
}

// The outbox figures come from the database, once per scrape. During an outage they are left
// out (unknown), and the rest of the figures are still served.
async function readOutboxDepth(): Promise<OutboxDepth | null> {
  if (databaseKnownUnavailable()) return null;
  try {
    return await outboxDepth();
  } catch (error) {
    if (!noteDatabaseError(error)) log.error("Outbox depth not read for /metrics", { error });
    return null;
  }
}

/** The answer to GET /metrics, for a scraper holding `metricsToken` (METRICS_TOKEN unless a test says otherwise). */
export async function metricsResponse(request: Request, metricsToken: string | undefined = env().metricsToken): Promise<Response> {
  if (!metricsToken) return new Response("Not found\n", { status: 404, headers: { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8" } });
  const token = bearerToken(request);
  if (!token || !sameToken(token, metricsToken)) {
    return new Response("A valid bearer token is required.\n", {
      status: 401,
      headers: { ...NO_STORE, "WWW-Authenticate": 'Bearer realm="metrics"', "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const { registry, outboxRegistry, outboxMessages, outboxOldestAge } = metrics();
  const depth = await readOutboxDepth();
  let text = await registry.metrics();
  if (depth) {
    outboxMessages.set({ state: "queued" }, depth.queued);
    outboxMessages.set({ state: "failed" }, depth.failed);
    outboxOldestAge.set(depth.oldestQueuedSeconds);
    text += await outboxRegistry.metrics();
  }
  return new Response(text, { headers: { ...NO_STORE, "Content-Type": registry.contentType } });
}
