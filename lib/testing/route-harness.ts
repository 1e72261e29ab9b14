// Calls App Router route handlers the way this site's browser does: a Request with this site's
// Origin and the test browser's device cookie, JSON in and out. The handler is an argument, so
// lib/testing never imports app/ (the tests do, and pass their routes in).

export const ORIGIN = "http://localhost:3000";

/**
 * The tests' RELATED_ORIGINS (lib/testing/setup.ts): another site allowed to use the RP ID, as a
 * country domain would be. Ceremonies and requests from it are accepted like ORIGIN's.
 */
export const RELATED_ORIGIN = "https://related-portal.example";

/**
 * The device ID of the test "browser": every request sends it as its device cookie unless told
 * otherwise, so a challenge asked for by one request can be finished by the next (challenges are
 * bound to the browser that asked for them). Pass another cookie to play a second browser.
 */
export const TEST_DEVICE_ID = "test-browser-device-id";
export const TEST_DEVICE_COOKIE = `portal.device=${TEST_DEVICE_ID}`;

/** An App Router route handler (`export const POST = …` in a route.ts). */
export type RouteHandler<P extends Record<string, string> = Record<string, string>> = (
  request: Request,
  context: { params: Promise<P> },
) => Promise<Response>;

export interface RouteCall<P> {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Only for what the handler reads from the URL (and for logs); defaults to /api/test. */
  path?: string;
  body?: unknown;
  /** Sent verbatim instead of JSON.stringify(body). */
  rawBody?: string;
  /** The Cookie header; defaults to {@link TEST_DEVICE_COOKIE}, null sends none. */
  cookie?: string | null;
  /** Header overrides, applied last; null removes a header (e.g. Origin). */
  headers?: Record<string, string | null>;
  /** Dynamic route segments, e.g. `{ id }` for app/api/account/sessions/[id]. */
  params?: P;
}

export interface RouteResponse {
  status: number;
  /** The parsed JSON body, or null when the response has none. */
  body: unknown;
  headers: Headers;
}

/** Calls the route handler directly with a Request built like the browser's. */
export async function callRoute<P extends Record<string, string> = Record<string, string>>(
  handler: RouteHandler<P>,
  call: RouteCall<P> = {},
): Promise<RouteResponse> {
  const headers = new Headers({ "content-type": "application/json", origin: ORIGIN });
  const cookie = call.cookie === undefined ? TEST_DEVICE_COOKIE : call.cookie;
  if (cookie) headers.set("cookie", cookie);
  for (const [name, value] of Object.entries(call.headers ?? {})) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  const request = new Request(`${ORIGIN}${call.path ?? "/api/test"}`, { method: call.method ?? "POST", headers, body });
  const response = await handler(request, { params: Promise.resolve(call.params ?? ({} as P)) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null, headers: response.headers };
}
