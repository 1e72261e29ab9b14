import "server-only";
import { randomBytes } from "node:crypto";
import { cookies } from "next/headers";
import { deviceCookieName } from "./cookies";
import { env } from "./env";

const DEVICE_ID = /^[A-Za-z0-9_-]{22}$/;
// Browsers cap cookie lifetimes at 400 days.
const MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

/**
 * This browser's device ID from its long-lived cookie, set now if it has none. Route handlers
 * only (they may set cookies). It is not a secret: it only tells a familiar browser from a new one.
 */
export async function deviceIdForThisBrowser(): Promise<string> {
  const jar = await cookies();
  const name = deviceCookieName(env().secure);
  const existing = jar.get(name)?.value;
  if (existing && DEVICE_ID.test(existing)) return existing;
  const id = randomBytes(16).toString("base64url");
  jar.set(name, id, { httpOnly: true, sameSite: "lax", secure: env().secure, path: "/", maxAge: MAX_AGE_SECONDS });
  return id;
}
