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

/** A cookie's value from the request's Cookie header. */
export function requestCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}
