import "server-only";
import type { NextAuthOptions } from "next-auth";
import { authCookies } from "../http/cookies";
import { env } from "../platform/env";
import { signOutSession } from "./sign-out";

// next-auth is the session layer: it reads, refreshes and ends the cookie. The ceremonies' own
// verify routes issue that cookie (lib/server/sessions/session-cookie.ts) with next-auth's encoder and cookie
// settings, so a sign-in is two requests and next-auth needs no sign-in provider of its own.
// The session itself is a database row (lib/server/sessions/sessions.ts); the encrypted JWT only carries its ID.
export function authOptions(): NextAuthOptions {
  const { authSecret, secure, sessionMaxMs } = env();
  return {
    secret: authSecret,
    useSecureCookies: secure,
    cookies: authCookies(secure),
    session: { strategy: "jwt", maxAge: Math.ceil(sessionMaxMs / 1000) },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [],
    callbacks: {
      // Pages read the session from the database; the client-side session stays minimal.
      session({ session }) {
        return { expires: session.expires };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await signOutSession(token.sid);
      },
    },
  };
}
