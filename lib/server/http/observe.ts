import "server-only";
import type { NextResponse } from "next/server";
import { DATABASE_UNAVAILABLE_CODE } from "../platform/database-availability";
import { isUserFacingError } from "../platform/errors";
import { log, withLogContext } from "../platform/log";
import { recordRequest } from "../platform/metrics";
import { REQUEST_ID_HEADER, requestIdOf } from "./request-id";
import { ceremonyStepOf, routeLabel } from "./route-labels";

// Codes are fixed words in the code; the check only keeps a metric label from ever growing.
const CODE_SHAPE = /^[a-z][a-z0-9_]{0,39}$/;

function failureCode(error: unknown, status: number): string {
  if (isUserFacingError(error)) return CODE_SHAPE.test(error.code) ? error.code : "other";
  return status === 503 ? DATABASE_UNAVAILABLE_CODE : "internal_error";
}

/** A page or server action that threw (Next's onRequestError): logged under its request's ID. */
export function logUnhandledError(error: unknown, headers: Headers, route: string): void {
  withLogContext({ requestId: requestIdOf(headers) }, () => log.error("Unexpected error while rendering", { route, error }));
}

/**
 * Serves one API request under its request ID (every log line it writes carries it, and the
 * answer echoes it in X-Request-Id), then counts it and logs one line about it. `answer` reports
 * a refusal through `refused`, so the outcome is its code rather than a guess from the status.
 * Costs no I/O: a few counters in memory and one log line.
 */
export function observeRequest(request: Request, answer: (refused: (error: unknown) => void) => Promise<NextResponse>): Promise<NextResponse> {
  const started = performance.now();
  const requestId = requestIdOf(request.headers);
  return withLogContext({ requestId }, async () => {
    let refusal: { error: unknown } | undefined;
    const response = await answer((error) => (refusal = { error }));
    const seconds = (performance.now() - started) / 1000;
    const route = routeLabel(new URL(request.url).pathname);
    const outcome = refusal ? failureCode(refusal.error, response.status) : "success";
    recordRequest({ route, method: request.method, status: response.status, outcome, seconds, ceremony: ceremonyStepOf(route) });
    response.headers.set(REQUEST_ID_HEADER, requestId);
    log.info("request answered", {
      method: request.method,
      route,
      status: response.status,
      outcome,
      durationMs: Math.round(seconds * 10_000) / 10,
    });
    return response;
  });
}
