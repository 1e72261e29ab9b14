import type { NextAuthOptions } from "next-auth";
import { LOCALE_COOKIE, negotiateLocale, type Locale } from "../../shared/locale";

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

/**
 * The footer switcher's language choice (LOCALE_COOKIE, lib/shared/locale.ts): a year, for the
 * whole site, Lax like the others, Secure over https. It holds only "en" or "de", which scripts
 * may read; a forged one changes nothing but the language.
 */
export function localeCookieOptions(secure: boolean) {
  return { sameSite: "lax" as const, path: "/", secure, maxAge: 365 * 24 * 60 * 60 };
}

// Browsers keep at most 4096 bytes per cookie, and ours are a few hundred (the session JWT is
// the largest): anything longer was not set by the portal.
export const MAX_COOKIE_VALUE_BYTES = 4096;

function decodeCookieValue(raw: string): string | undefined {
  if (raw.length > MAX_COOKIE_VALUE_BYTES) return undefined;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  // Counted in bytes: a header byte above 0x7F becomes a two-byte character.
  return new TextEncoder().encode(value).length <= MAX_COOKIE_VALUE_BYTES ? value : undefined;
}

/**
 * A cookie's value from a Cookie header, or undefined when it is absent, malformed
 * (percent-encoding that does not decode, such as `%ZZ`) or oversized: a cookie the portal
 * cannot read is treated like no cookie, never as an error.
 *
 * With two cookies of one name (one set for a narrower path or by a sibling domain), the first
 * one counts, everywhere: browsers send the one with the longest path first, then the oldest
 * (RFC 6265 §5.4), most servers read the first, and pages and routes must agree, so a planted
 * copy can never make them see different sessions. If the first is malformed, there is no
 * cookie: the second is never consulted.
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

/**
 * The request's language for routes and the proxy (pages get theirs the same way from
 * next/headers, in i18n/request.ts): the footer switcher's cookie, else Accept-Language.
 */
export function requestLocale(request: Request): Locale {
  return negotiateLocale(requestCookie(request, LOCALE_COOKIE), request.headers.get("accept-language"));
}
