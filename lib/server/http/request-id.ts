import { randomUUID } from "node:crypto";

// No "server-only" here: proxy.ts gives pages their request ID too.

export const REQUEST_ID_HEADER = "X-Request-Id";

// A load balancer or another service may already have named the request: its ID is kept when it
// is short and plain, so a line cannot be forged or stretched through it; anything else is replaced.
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's ID: the one it came with when acceptable, otherwise a new one. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given !== null && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID();
}
