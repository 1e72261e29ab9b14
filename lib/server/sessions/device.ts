import "server-only";
import { randomBytes } from "node:crypto";
import type { NextResponse } from "next/server";
import { deviceCookieName, requestCookie } from "../http/cookies";
import { env } from "../platform/env";

const DEVICE_ID = /^[A-Za-z0-9_-]{22}$/;
// Browsers cap cookie lifetimes at 400 days.
const MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

export interface Device {
  id: string;
  /** The browser had no (valid) device cookie: the response must set one. */
  isNew: boolean;
}

/**
 * This browser's device ID from its long-lived cookie, or a fresh one. It is not a secret: it
 * ties a ceremony to the browser that started it, and tells a browser this account has used
 * before from a new one (for "new device" notices). A malformed cookie counts as none.
 */
export function deviceOf(request: Request): Device {
  const existing = requestCookie(request, deviceCookieName(env().secure));
  if (existing && DEVICE_ID.test(existing)) return { id: existing, isNew: false };
  return { id: randomBytes(16).toString("base64url"), isNew: true };
}

/** Sets the device cookie on the response when the browser did not have one yet. */
export function rememberDevice(response: NextResponse, device: Device): NextResponse {
  if (!device.isNew) return response;
  response.cookies.set(deviceCookieName(env().secure), device.id, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().secure,
    path: "/",
    maxAge: MAX_AGE_SECONDS,
  });
  return response;
}
