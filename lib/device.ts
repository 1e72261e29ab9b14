import "server-only";
import { randomBytes } from "node:crypto";
import { NextResponse } from "next/server";
import { deviceCookieName, requestCookie } from "./cookies";
import { env } from "./env";

const DEVICE_ID = /^[A-Za-z0-9_-]{22}$/;
// Browsers cap cookie lifetimes at 400 days.
const MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

/**
 * Answers with `produce(deviceId)` as JSON, where deviceId comes from this browser's long-lived
 * device cookie, set now if it has none. It is not a secret: it only tells a browser this
 * account has used before from a new one (for "new device" notices).
 */
export async function respondWithDeviceId(request: Request, produce: (deviceId: string) => Promise<unknown>): Promise<NextResponse> {
  const name = deviceCookieName(env().secure);
  const existing = requestCookie(request, name);
  const known = existing && DEVICE_ID.test(existing) ? existing : null;
  const deviceId = known ?? randomBytes(16).toString("base64url");
  const response = NextResponse.json(await produce(deviceId), { headers: { "Cache-Control": "no-store" } });
  if (!known) {
    response.cookies.set(name, deviceId, { httpOnly: true, sameSite: "lax", secure: env().secure, path: "/", maxAge: MAX_AGE_SECONDS });
  }
  return response;
}
