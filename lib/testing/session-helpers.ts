// Calls route handlers the way a signed-in browser does: this site's Origin plus next-auth's
// session cookie, whose encrypted JWT carries only the database session's ID.
import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { expect } from "vitest";
import { deviceCookieName, sessionCookieName } from "../server/http/cookies";
import { prisma } from "../server/platform/db";
import { env } from "../server/platform/env";
import type { User } from "../generated/prisma/client";
import { createSession, sessionIdFromToken, type SignInMethod } from "../server/sessions/sessions";
import { ORIGIN, uniqueEmail } from "./ceremony-helpers";

/**
 * A bare account row (no passkey), for library tests that only need an owner. Its address is
 * confirmed unless `confirmed: false` (an account as sign-up leaves it before the code is entered).
 */
export function createUser(options: { email?: string; displayName?: string; confirmed?: boolean } = {}): Promise<User> {
  return prisma.user.create({
    data: {
      email: options.email ?? uniqueEmail(),
      displayName: options.displayName ?? "Test Person",
      userHandle: randomBytes(32).toString("base64url"),
      emailConfirmedAt: options.confirmed === false ? null : new Date(),
    },
  });
}

/** The Cookie header entry a browser signed in to this database session sends. */
export async function sessionCookie(sessionId: string): Promise<string> {
  const token = await encode({ token: { sid: sessionId }, secret: env().authSecret });
  return `${sessionCookieName(env().secure)}=${token}`;
}

export function deviceCookie(deviceId: string): string {
  return `${deviceCookieName(env().secure)}=${deviceId}`;
}

export interface SignedInSession {
  id: string;
  /** Cookie header value for requests made from this session's browser. */
  cookie: string;
}

/** Opens a database session for the account, as authorize() does after a ceremony. */
export async function openSession(
  userId: string,
  options: { passkeyId?: string | null; method?: SignInMethod; userAgent?: string | null; ipAddress?: string | null; deviceId?: string | null } = {},
): Promise<SignedInSession> {
  const id = await createSession({
    userId,
    passkeyId: options.passkeyId ?? null,
    method: options.method ?? "passkey",
    userAgent: options.userAgent === undefined ? "Vitest" : options.userAgent,
    ipAddress: options.ipAddress ?? null,
    deviceId: options.deviceId ?? null,
  });
  return { id, cookie: await sessionCookie(id) };
}

/** Makes the session's last passkey check older than the step-up window. */
export async function expireStepUp(sessionId: string): Promise<void> {
  await prisma.session.update({ where: { id: sessionId }, data: { verifiedAt: new Date(Date.now() - env().stepUpWindowMs - 60_000) } });
}

export interface RouteCall<P> {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path?: string;
  body?: unknown;
  /** Sent verbatim instead of JSON.stringify(body). */
  rawBody?: string;
  cookie?: string;
  /** Header overrides; null removes a header (e.g. Origin). */
  headers?: Record<string, string | null>;
  /** Dynamic route segments, e.g. `{ id }` for app/api/account/sessions/[id]. */
  params?: P;
}

export interface RouteResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

/** Calls an App Router route handler directly with a Request built like the browser's. */
export async function callRoute<P extends Record<string, string> = Record<string, string>>(
  handler: (request: Request, context: { params: Promise<P> }) => Promise<Response>,
  call: RouteCall<P> = {},
): Promise<RouteResponse> {
  const method = call.method ?? "POST";
  const headers = new Headers({ "content-type": "application/json", origin: ORIGIN });
  if (call.cookie) headers.set("cookie", call.cookie);
  for (const [name, value] of Object.entries(call.headers ?? {})) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  const request = new Request(`${ORIGIN}${call.path ?? "/api/test"}`, { method, headers, body });
  const response = await handler(request, { params: Promise.resolve(call.params ?? ({} as P)) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null, headers: response.headers };
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

/** The device cookie a ceremony response set (a browser without one gets one). */
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

/** A refusal the UI can show as is (same contract as ceremony-helpers' expectRejection). */
export function expectRefusal(result: RouteResponse, status: number, code: string): string {
  expect(result, JSON.stringify(result.body)).toMatchObject({ status, body: { code } });
  const { error } = result.body as { error: string };
  expect(error).toEqual(expect.stringMatching(/^[A-Z][^\n]{10,}[.!?]$/));
  expect(result.headers.get("cache-control")).toBe("no-store");
  return error;
}
