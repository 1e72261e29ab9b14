import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authCookies } from "./cookies";
import { env } from "./env";
import { redeemSignInGrant } from "./sign-in-grants";
import { createSession, revokeSession, SESSION_MAX_AGE_SECONDS } from "./sessions";

function header(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== "object") return null;
  const value = (headers as Record<string, unknown>)[name];
  if (typeof value === "string") return value;
  return Array.isArray(value) && typeof value[0] === "string" ? value[0] : null;
}

// next-auth owns the cookie; the session itself is a database row (see lib/sessions.ts),
// and the encrypted JWT only carries that row's ID.
export function authOptions(): NextAuthOptions {
  const { authSecret, secure } = env();
  return {
    secret: authSecret,
    useSecureCookies: secure,
    cookies: authCookies(secure),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        id: "passkey",
        name: "Passkey",
        credentials: { grant: { type: "text" } },
        async authorize(credentials, request) {
          const token = credentials?.grant;
          if (typeof token !== "string" || token.length === 0 || token.length > 200) return null;
          const grant = await redeemSignInGrant(token);
          if (!grant) return null;
          const forwarded = header(request?.headers, "x-forwarded-for");
          const sessionId = await createSession({
            userId: grant.userId,
            passkeyId: grant.passkeyId,
            method: grant.method,
            userAgent: header(request?.headers, "user-agent"),
            ipAddress: forwarded ? forwarded.split(",")[0].trim() : null,
          });
          return { id: grant.userId, sessionId };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user && "sessionId" in user) token.sid = user.sessionId;
        return token;
      },
      // Pages read the session from the database; the client-side session stays minimal.
      session({ session }) {
        return { expires: session.expires };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await revokeSession(token.sid);
      },
    },
  };
}
