// The portal's cookies as a test browser sends and receives them: next-auth's session cookie
// (an encrypted JWT that carries only the database session's ID) and the device cookie.
import { encode } from "next-auth/jwt";
import { expect } from "vitest";
import { deviceCookieName, sessionCookieName } from "../server/http/cookies";
import { env } from "../server/platform/env";
import { sessionIdFromToken } from "../server/sessions/sessions";
import type { RouteResponse } from "./route-harness";

/** The Cookie header entry a browser signed in to this database session sends. */
export async function sessionCookie(sessionId: string): Promise<string> {
  const token = await encode({ token: { sid: sessionId }, secret: env().authSecret });
  return `${sessionCookieName(env().secure)}=${token}`;
}

export function deviceCookie(deviceId: string): string {
  return `${deviceCookieName(env().secure)}=${deviceId}`;
}

/** The value a response's Set-Cookie gives this cookie, or undefined when it sets none. */
export function setCookie(headers: Headers, name: string): { value: string; attributes: string } | undefined {
  for (const line of headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(";");
    const index = pair.indexOf("=");
    if (pair.slice(0, index).trim() === name) return { value: decodeURIComponent(pair.slice(index + 1)), attributes: attributes.join(";") };
  }
  return undefined;
}

/** The device cookie a response set (a browser without one gets one). */
export function deviceIdSetBy(response: RouteResponse): string | undefined {
  return setCookie(response.headers, deviceCookieName(env().secure))?.value;
}

/**
 * The database session a verify response signed its browser in to: the session cookie it set,
 * decoded with this site's secret. Fails the test when the response set none.
 */
export async function sessionSetBy(response: { headers: Headers }): Promise<{ id: string; cookie: string; attributes: string }> {
  const name = sessionCookieName(env().secure);
  const cookie = setCookie(response.headers, name);
  expect(cookie, "the response set no session cookie").toBeDefined();
  const id = await sessionIdFromToken(cookie?.value);
  expect(id, "the session cookie does not carry a session ID").toEqual(expect.any(String));
  return { id: id as string, cookie: `${name}=${cookie?.value}`, attributes: cookie?.attributes ?? "" };
}
