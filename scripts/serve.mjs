// Serves the production build, as `next start` does (the same request handlers, through
// Next's custom-server API), with two additions:
// - Next only fills X-Forwarded-For in from the connection when the request has none, so
//   without a proxy in front a client that sends its own header picks its IP address. With
//   TRUSTED_PROXIES=0 ("no proxy") this server overwrites the header with the address the
//   connection came from before Next sees the request, and lib/client-info.ts reads that.
// - API answers are not compressed (see below).
// scripts/start.ts runs it after validating the configuration.
import { createServer } from "node:http";
import next from "next";

const port = Number(process.env.PORT || 3000);
// Read as lib/env.ts reads it (a number; empty means unset, i.e. the default of 1).
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

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
