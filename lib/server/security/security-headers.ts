// Security headers and the cross-site request check that proxy.ts applies to every request.
// Pure functions of their arguments (plus Web Crypto for the nonce), so they are unit-tested
// without a server and run in any runtime Next gives the proxy.

import type { Locale } from "../../shared/locale";
import { messagesFor } from "../../shared/messages";

export interface HeaderOptions {
  /** Fresh per response: Next copies it from the request's CSP onto its own scripts. */
  nonce: string;
  /** Served over https: adds HSTS and upgrade-insecure-requests. */
  https: boolean;
  /** `next dev`: React's dev build needs eval to rebuild server error stacks in the browser. */
  development: boolean;
}

// The proxy's own refusals, in the request's language. Read straight from the message files (they
// have no placeholders), so the proxy loads no translator.
export function forbiddenOriginBody(locale: Locale): { error: string; code: "forbidden_origin" } {
  return { error: messagesFor(locale)["errors-api"].forbiddenOrigin, code: "forbidden_origin" };
}

// WebAuthn is the only powerful feature the portal uses; nothing it frames or embeds gets any.
const PERMISSIONS_POLICY = [
  "publickey-credentials-get=(self)",
  "publickey-credentials-create=(self)",
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "payment=()",
  "usb=()",
  "serial=()",
  "hid=()",
  "display-capture=()",
  "accelerometer=()",
  "gyroscope=()",
  "magnetometer=()",
  "midi=()",
  "browsing-topics=()",
].join(", ");

export function malformedPathBody(locale: Locale): { error: string; code: "malformed_path" } {
  return { error: messagesFor(locale)["errors-api"].malformedPath, code: "malformed_path" };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}

// Public JSON that other software fetches: browsers checking related origins (WebAuthn §5.11)
// and password managers looking for the passkey pages (W3C Passkey Endpoints).
const WELL_KNOWN_DOCUMENTS: ReadonlySet<string> = new Set(["/.well-known/webauthn", "/.well-known/passkey-endpoints"]);

export function isWellKnownDocument(pathname: string): boolean {
  return WELL_KNOWN_DOCUMENTS.has(pathname);
}

/** Whether every segment of a request path decodes (`%ZZ`, `%` or a cut-off `%E0%A4%A` do not). */
export function hasDecodablePath(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** 128 random bits, base64: unguessable, and a valid CSP nonce-source. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy({ nonce, https, development }: HeaderOptions): string {
  // 'strict-dynamic' lets the nonced framework scripts load their chunks; hosts and 'self'
  // in script-src are then ignored by CSP3 browsers, so an injected <script> never runs.
  const scriptSrc = ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])];
  const directives = [
    "default-src 'self'",
    `script-src ${scriptSrc.join(" ")}`,
    // React renders style attributes, which a nonce cannot cover; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    // Passkey prompts must never run inside someone else's frame (clickjacking).
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** Every header a response gets, the CSP included. */
export function securityHeaders(options: HeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    // For browsers without CSP frame-ancestors.
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  // Browsers ignore HSTS over http, and sending it from a localhost dev server would pin
  // https onto every other localhost app: only when the portal really is https.
  if (options.https) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

const API_HEADERS = new Map<boolean, Record<string, string>>();

/**
 * The headers of an API (JSON) answer: the same set, with a CSP that allows nothing, since JSON
 * loads and runs nothing; computed once, as nothing in it varies per request.
 */
export function apiSecurityHeaders(https: boolean): Record<string, string> {
  let headers = API_HEADERS.get(https);
  if (!headers) {
    headers = { ...securityHeaders({ nonce: "", https, development: false }), "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'" };
    API_HEADERS.set(https, headers);
  }
  return headers;
}

/**
 * Whether the portal is served over https: its canonical origin says so, or the TLS-terminating
 * reverse proxy in front of it reports the request arrived over https.
 */
export function isServedOverHttps(canonicalOrigin: string, forwardedProto: string | null): boolean {
  if (canonicalOrigin.startsWith("https:")) return true;
  // A chain of proxies appends: the first entry is the one the browser talked to.
  return forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https";
}

/**
 * CSRF defence for every route, next-auth's included: a state-changing request must not come
 * from another site. Browsers send Origin on every cross-site POST; where a browser omits it,
 * Sec-Fetch-Site still says where the request came from. A request with neither (curl, a
 * server) is not a cross-site browser request and is left to the route.
 */
export function isAllowedRequestOrigin(method: string, headers: Headers, allowedOrigins: readonly string[]): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const origin = headers.get("origin");
  if (origin !== null) return allowedOrigins.includes(origin);
  const site = headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}
