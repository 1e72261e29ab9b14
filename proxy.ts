import { NextResponse, type NextRequest } from "next/server";
import {
  DATABASE_RETRY_AFTER_SECONDS,
  DATABASE_UNAVAILABLE_CODE,
  databaseKnownUnavailable,
} from "@/lib/server/platform/database-availability";
import { requestLocale } from "@/lib/server/http/cookies";
import { REQUEST_ID_HEADER, requestIdOf } from "@/lib/server/http/request-id";
import { outagePageHtml } from "@/lib/server/platform/outage-page";
import type { Locale } from "@/lib/shared/locale";
import { messagesFor } from "@/lib/shared/messages";
import { originsFromEnv } from "@/lib/server/security/origins";
import {
  apiSecurityHeaders,
  createNonce,
  forbiddenOriginBody,
  hasDecodablePath,
  isAllowedRequestOrigin,
  isApiPath,
  isServedOverHttps,
  isWellKnownDocument,
  malformedPathBody,
  securityHeaders,
} from "@/lib/server/security/security-headers";

// Runs before every route: refuses API paths whose percent-encoding does not decode (Next
// matches /api/account/passkeys/%ZZ to a dynamic route, fails to decode the parameter after this proxy
// has run and answers a plain-text 500), refuses cross-site state-changing requests
// (next-auth's own endpoints have no Origin check of their own) and sets the security headers
// with a fresh CSP nonce. Next reads the nonce from the request's Content-Security-Policy
// header and puts it on its own scripts, which is why every page must render dynamically.
export function proxy(request: NextRequest): NextResponse {
  const origins = configuredOrigins();
  const https = isServedOverHttps(origins[0], request.headers.get("x-forwarded-proto"));
  const { pathname } = request.nextUrl;
  if (isApiPath(pathname) || isWellKnownDocument(pathname) || pathname === METRICS_PATH) return apiProxy(request, origins, https);
  const headers = securityHeaders({ nonce: createNonce(), https, development: process.env.NODE_ENV === "development" });
  // Pages get their request ID here (the API routes' wrapper gives theirs): the page's render
  // reads it from the request, and the answer carries it.
  const requestId = requestIdOf(request.headers);

  let response: NextResponse;
  if (databaseKnownUnavailable()) {
    response = new NextResponse(outagePageHtml(requestLocale(request)), { status: 503, headers: OUTAGE_HEADERS.page });
  } else if (!isAllowedRequestOrigin(request.method, request.headers, origins)) {
    response = NextResponse.json(forbiddenOriginBody(requestLocale(request)), { status: 403, headers: { "Cache-Control": "no-store" } });
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]);
    requestHeaders.set(REQUEST_ID_HEADER, requestId);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

// The same checks for API routes and the /.well-known/ JSON documents, whose answers render no
// scripts: no nonce, no rewritten request, and headers computed once (a CSP that allows nothing,
// since JSON needs nothing).
function apiProxy(request: NextRequest, origins: string[], https: boolean): NextResponse {
  let response: NextResponse;
  if (!hasDecodablePath(request.nextUrl.pathname)) {
    response = NextResponse.json(malformedPathBody(requestLocale(request)), { status: 400, headers: { "Cache-Control": "no-store" } });
  } else if (databaseKnownUnavailable() && !needsNoDatabase(request.nextUrl.pathname)) {
    response = NextResponse.json(databaseUnavailableBody(requestLocale(request)), { status: 503, headers: OUTAGE_HEADERS.api });
  } else if (!isAllowedRequestOrigin(request.method, request.headers, origins)) {
    response = NextResponse.json(forbiddenOriginBody(requestLocale(request)), { status: 403, headers: { "Cache-Control": "no-store" } });
  } else {
    response = NextResponse.next();
  }
  for (const [name, value] of Object.entries(apiSecurityHeaders(https))) response.headers.set(name, value);
  return response;
}

// While the database is known to be down (lib/server/platform/database-availability.ts: this proxy runs in the
// Node.js runtime, in the server's own process, so it sees the flag the route handlers set), the
// proxy answers at once instead of letting every request wait for a connection that fails.
// Liveness and readiness still reach their handlers: readiness is how a balancer sees recovery.
// So do the /.well-known/ documents, which come from the configuration alone, and /metrics,
// which serves what it has without the database (an outage is when operators look at it most).
const METRICS_PATH = "/metrics";

function databaseUnavailableBody(locale: Locale): { error: string; code: string } {
  return { error: messagesFor(locale)["errors-api"].databaseUnavailable, code: DATABASE_UNAVAILABLE_CODE };
}

const OUTAGE_HEADERS = {
  api: { "Cache-Control": "no-store", "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
  page: {
    "Cache-Control": "no-store",
    "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS),
    "Content-Type": "text/html; charset=utf-8",
  },
};

function needsNoDatabase(pathname: string): boolean {
  return pathname === "/api/health" || pathname.startsWith("/api/health/") || isWellKnownDocument(pathname) || pathname === METRICS_PATH;
}

let originsCache: { key: string; origins: string[] } | undefined;

// ORIGINS then RELATED_ORIGINS (the portal may be served on a related origin too), parsed once
// per configuration rather than on every request.
function configuredOrigins(): string[] {
  const key = `${process.env.ORIGINS ?? ""}|${process.env.RELATED_ORIGINS ?? ""}|${process.env.PORT ?? ""}`;
  if (originsCache?.key !== key) originsCache = { key, origins: originsFromEnv() };
  return originsCache.origins;
}

// The routes every sign-in goes through, and the health checks a load balancer polls, skip the
// proxy: Next's invocation of it costs about as much as the rest of such a request (a trivial
// route answers twice as fast without it). They are fixed paths (nothing to decode) whose
// handlers make the same Origin check and set the same headers (publicRoute/signedInRoute and
// withApiSecurityHeaders in lib/server/http/http.ts); lib/server/security/security-headers.test.ts holds them to that.
export const config = {
  matcher: [
    // Every other API request, whatever its headers: the checks above are not optional there.
    "/api/((?!(?:health|health/ready|(?:session/sign-in|account/sign-up)/(?:options|verify))$).*)",
    {
      // Next's build output is immutable and fingerprinted and carries no HTML, as do image
      // optimisations; everything else goes through the proxy.
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      // Router prefetches fetch RSC payloads, not documents, so they need no nonce. Skipping
      // them does not open a CSRF gap: these headers are not CORS-safelisted, so a cross-site
      // page can only send them after a preflight, which this portal never grants.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
