import "server-only";
import { encode } from "next-auth/jwt";
import type { NextResponse } from "next/server";
import { authCookies } from "../http/cookies";
import { env } from "../platform/env";

/**
 * Signs the browser in to a database session: next-auth's own encrypted JWT (carrying only the
 * session row's ID) under next-auth's cookie name and flags, so next-auth keeps reading,
 * refreshing and ending it (useSession, signOut) exactly as if it had issued it itself.
 */
export async function setSessionCookie(response: NextResponse, sessionId: string): Promise<NextResponse> {
  const { authSecret, secure, sessionMaxMs } = env();
  const maxAge = Math.ceil(sessionMaxMs / 1000);
  const token = await encode({ token: { sid: sessionId }, secret: authSecret, maxAge });
  const cookie = authCookies(secure)?.sessionToken;
  if (!cookie) throw new Error("session cookie settings missing");
  response.cookies.set(cookie.name, token, { ...cookie.options, maxAge });
  return response;
}
