import type { NextAuthOptions } from "next-auth";

// The one place cookie names and flags are decided. HttpOnly keeps tokens away from scripts,
// SameSite=Lax stops cross-site POSTs from carrying the session, Secure whenever served over
// https, with the __Host- prefix: the browser then refuses the cookie unless it is Secure,
// host-only and for the whole site, so a sibling subdomain can neither set nor shadow it.
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-portal.session" : "portal.session";
}

export function authCookies(secure: boolean): NextAuthOptions["cookies"] {
  const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
  return {
    sessionToken: { name: sessionCookieName(secure), options },
    callbackUrl: { name: secure ? "__Host-portal.callback-url" : "portal.callback-url", options },
    csrfToken: { name: secure ? "__Host-portal.csrf" : "portal.csrf", options },
  };
}

/** A long-lived random ID for this browser, so a sign-in from a device never seen before stands out. */
export function deviceCookieName(secure: boolean): string {
  return secure ? "__Host-portal.device" : "portal.device";
}

// Our cookies are at most a few hundred bytes (the session JWT is the largest); anything far
// larger was not set by us.
const MAX_COOKIE_VALUE_BYTES = 4096;

function decodeCookieValue(raw: string): string | undefined {
  if (raw.length > MAX_COOKIE_VALUE_BYTES) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * A cookie's value from a Cookie header, or undefined when absent or malformed. With two
 * cookies of one name (one set for a narrower path or by a sibling domain), the first one
 * counts, everywhere: browsers send the most specific first, and pages and routes must agree.
 */
export function cookieFromHeader(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return decodeCookieValue(part.slice(index + 1).trim());
  }
  return undefined;
}

/** A cookie's value from the request's Cookie header (see {@link cookieFromHeader}). */
export function requestCookie(request: Request, name: string): string | undefined {
  return cookieFromHeader(request.headers.get("cookie"), name);
}
