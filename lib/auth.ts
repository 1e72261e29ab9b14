import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { recordEvent } from "./activity";
import { clientInfo } from "./client-info";
import { authCookies } from "./cookies";
import { prisma } from "./db";
import { env } from "./env";
import { redeemSignInGrant } from "./sign-in-grants";
import { createSession, isNewDevice, signOutSession } from "./sessions";

// next-auth owns the cookie; the session itself is a database row (see lib/sessions.ts),
// and the encrypted JWT only carries that row's ID.
export function authOptions(): NextAuthOptions {
  const { authSecret, secure, sessionMaxMs } = env();
  return {
    secret: authSecret,
    useSecureCookies: secure,
    cookies: authCookies(secure),
    session: { strategy: "jwt", maxAge: Math.ceil(sessionMaxMs / 1000) },
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
          const client = clientInfo(request?.headers);
          const newDevice = grant.method !== "signup" && (await isNewDevice(grant.userId, grant.deviceId));
          const sessionId = await createSession({
            userId: grant.userId,
            passkeyId: grant.passkeyId,
            method: grant.method,
            deviceId: grant.deviceId,
            ...client,
          });
          if (grant.method !== "signup") {
            const passkey = grant.passkeyId ? await prisma.passkey.findUnique({ where: { id: grant.passkeyId }, select: { name: true } }) : null;
            await recordEvent({
              userId: grant.userId,
              type: "signed_in",
              client,
              detail: { method: grant.method === "recovery" ? "recovery" : "passkey", passkeyName: passkey?.name },
              notify: newDevice ? "new_device_sign_in" : undefined,
            });
          }
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
        if (typeof token?.sid === "string") await signOutSession(token.sid);
      },
    },
  };
}
