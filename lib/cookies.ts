import type { NextAuthOptions } from "next-auth";

// The one place cookie names and flags are decided. HttpOnly keeps tokens away from scripts,
// SameSite=Lax stops cross-site POSTs from carrying the session, Secure whenever served over https
// (with the __Secure-/__Host- prefixes, which browsers enforce).
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Secure-portal.session" : "portal.session";
}

export function authCookies(secure: boolean): NextAuthOptions["cookies"] {
  const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
  return {
    sessionToken: { name: sessionCookieName(secure), options },
    callbackUrl: { name: secure ? "__Secure-portal.callback-url" : "portal.callback-url", options },
    csrfToken: { name: secure ? "__Host-portal.csrf" : "portal.csrf", options },
  };
}

/** A long-lived random ID for this browser, so a sign-in from a device never seen before stands out. */
export function deviceCookieName(secure: boolean): string {
  return secure ? "__Host-portal.device" : "portal.device";
}

// Browsers keep at most 4096 bytes per cookie (name and value), so anything longer did not
// come from a browser this portal set it in.
export const MAX_COOKIE_VALUE_BYTES = 4096;

/**
 * A cookie's value from the request's Cookie header, or undefined when it is absent, malformed
 * (percent-encoding that does not decode, such as `%ZZ`) or oversized: a cookie the portal
 * cannot read is treated like no cookie, never as an error.
 *
 * With two cookies of the same name, the first wins. Browsers send the one with the longest
 * path first, then the oldest (RFC 6265 §5.4), and most servers read the first; what matters
 * is that every reader in the portal agrees, so a second copy planted with a longer path can
 * never make a page and an API route see different sessions. (The __Host- prefix keeps other
 * hosts from planting one at all over https.)
 */
export function requestCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index <= 0 || part.slice(0, index).trim() !== name) continue;
    return decodeCookieValue(part.slice(index + 1).trim());
  }
  return undefined;
}

function decodeCookieValue(raw: string): string | undefined {
  if (raw.length > MAX_COOKIE_VALUE_BYTES) return undefined;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  return new TextEncoder().encode(value).length <= MAX_COOKIE_VALUE_BYTES ? value : undefined;
}
