import type { Instrumentation } from "next";

// Runs once when the server boots: a misconfiguration stops it with a clear message
// instead of failing on the first sign-in; then background mail delivery starts.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { exitOnInvalidConfiguration } = await import("./lib/server/platform/boot");
  exitOnInvalidConfiguration();
  const { startBackgroundWork, stopBackgroundWork } = await import("./lib/server/platform/background");
  startBackgroundWork();
  // scripts/serve.mjs is plain JS outside Next's bundles: on SIGTERM, after the requests in
  // flight, it calls this to hand back outbox leases and close the database.
  (globalThis as unknown as { portalStopBackgroundWork?: () => Promise<void> }).portalStopBackgroundWork = stopBackgroundWork;
}

// A page (server component) or server action that failed because the database is down: the
// error boundary can only show a message, with a 500, so the outage is recorded here and
// proxy.ts answers the following requests with a 503 and Retry-After. Any other failure is a
// bug: it goes to the log with the request's ID (proxy.ts gave the request one).
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { noteDatabaseError } = await import("./lib/server/platform/database-availability");
  if (noteDatabaseError(error)) return;
  const { logUnhandledError } = await import("./lib/server/http/observe");
  const requestId = request.headers["x-request-id"];
  logUnhandledError(error, new Headers(typeof requestId === "string" ? { "X-Request-Id": requestId } : {}), context.routePath);
};
