// Serves the production build, as `next start` does (the same request handlers, through
// Next's custom-server API), with three additions:
// - Next only fills X-Forwarded-For in from the connection when the request has none, so
//   without a proxy in front a client that sends its own header picks its IP address. With
//   TRUSTED_PROXIES=0 ("no proxy") this server overwrites the header with the address the
//   connection came from before Next sees the request, and lib/server/http/client-info.ts reads that.
// - API answers are not compressed (see below).
// - A graceful SIGTERM (below).
// scripts/start.ts runs it after validating the configuration.
import { createServer } from "node:http";
import next from "next";

const port = Number(process.env.PORT || 3000);
// Read as lib/server/platform/env.ts reads it (a number; empty means unset, i.e. the default of 1).
const trustedProxies = process.env.TRUSTED_PROXIES?.trim();
const socketOnly = Boolean(trustedProxies) && Number(trustedProxies) === 0;

process.env.NODE_ENV ??= "production";
const app = next({ dev: false, dir: process.cwd(), port });
await app.prepare();
const handle = app.getRequestHandler();

const server = createServer((request, response) => {
  // API answers are a few hundred bytes of JSON, which gzip cannot shrink by enough to pay for
  // itself (Next streams route answers, so its compression has no length to skip small ones
  // by, and setting up a deflate stream per answer was 2% of a sign-in's CPU). Not compressing
  // them also keeps secrets in them (challenges) out of reach of compression side channels.
  if (request.url?.startsWith("/api/")) delete request.headers["accept-encoding"];
  if (socketOnly) {
    // A link-local peer comes with its zone ("fe80::1%eth0"), which is no use to anyone else.
    const address = (request.socket.remoteAddress ?? "").replace(/%.*$/, "");
    if (address) request.headers["x-forwarded-for"] = address;
    else delete request.headers["x-forwarded-for"];
  }
  void handle(request, response);
});
server.listen(port, () => {
  console.log(`Ready on port ${port}${socketOnly ? " (client IP: the connection's own address)" : ""}`);
});

// Graceful stop, as a load balancer expects: readiness answers 503 at once (lib/server/platform/readiness.ts reads
// the flag), no new connections are accepted, requests in flight finish (for at most
// GRACE_MS), then the app's background work stops, handing back its outbox leases, and the
// database connections close (lib/server/platform/background.ts, registered by instrumentation.ts).
const GRACE_MS = 10_000;
let stopping = false;

async function shutDown(signal) {
  if (stopping) return;
  stopping = true;
  globalThis.portalShuttingDown = true;
  console.log(`${signal}: finishing the requests in flight, then stopping.`);
  const closed = new Promise((resolve) => server.close(resolve));
  // A keep-alive connection goes idle when its last response is sent; close it then, not at the
  // client's leisure.
  const reaper = setInterval(() => server.closeIdleConnections(), 100);
  server.closeIdleConnections();
  let graceTimer;
  const graceOver = new Promise((resolve) => (graceTimer = setTimeout(() => resolve("timeout"), GRACE_MS)));
  if ((await Promise.race([closed, graceOver])) === "timeout") {
    console.warn(`Requests still running after ${GRACE_MS / 1000} s: closing their connections.`);
    server.closeAllConnections();
  }
  clearTimeout(graceTimer);
  clearInterval(reaper);
  try {
    await globalThis.portalStopBackgroundWork?.();
  } catch (error) {
    console.error(`Stopping background work failed: ${error?.message ?? error}`);
  }
  process.exit(0);
}

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void shutDown(signal));
