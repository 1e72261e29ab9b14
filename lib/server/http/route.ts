import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { databaseKnownUnavailable } from "../platform/database-availability";
import { UserFacingError } from "../platform/errors";
import { enforceRateLimits, type RateLimitCheck } from "../security/rate-limit";
import { deviceOf, rememberDevice, type Device } from "../sessions/device";
import { setSessionCookie } from "../sessions/session-cookie";
import { sessionForRequest, type ActiveSession } from "../sessions/sessions";
import type { Locale } from "../../shared/locale";
import { clientInfo, type ClientInfo } from "./client-info";
import { requestLocale } from "./cookies";
import { databaseUnavailable, errorResponse, isSameOriginRequest, jsonResponse, readJsonBody, withApiSecurityHeaders } from "./http";
import { observeRequest } from "./observe";

// Every JSON route is: parse, check, count, call one operation, answer. The wrapper does all of
// it but the call, in this order: same-origin check, known outage, session, path parameters,
// body, `authorize`, limits; then the handler; then the answer with its cookies and headers,
// counted, logged and tagged with the request ID (observe.ts).
// A route declares what it needs and gets it in one context object.

type NextParams = Record<string, string | string[] | undefined>;
/** What Next passes a route handler after the request (tests may pass nothing). */
interface NextRouteContext {
  params?: Promise<NextParams>;
}
export type RouteHandler = (request: Request, next?: NextRouteContext) => Promise<NextResponse>;

export interface RouteContext<Body = undefined, Params = undefined> {
  readonly request: Request;
  /** The JSON body, as the route's schema produced it. */
  readonly body: Body;
  /** The path parameters, as the route's schema produced them. */
  readonly params: Params;
  readonly client: ClientInfo;
  /** The request's language (the footer switcher's cookie, else Accept-Language): the answer's and a new account's. */
  readonly locale: Locale;
  /** This browser's device ID (a new one when its cookie is missing; see `rememberDevice`). */
  readonly device: Device;
  /** The endpoint's limits, for an operation that counts them itself (`limitsCountedByOperation`). */
  readonly limits: RateLimitCheck[];
  /** Signs this browser in to the session when the answer goes out. */
  signIn(sessionId: string): void;
}

export interface SignedInRouteContext<Body = undefined, Params = undefined> extends RouteContext<Body, Params> {
  readonly session: ActiveSession;
}

type BodyOf<S> = S extends z.ZodType ? z.output<S> : undefined;
type ParamsOf<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<S, P, C> {
  /** The JSON body's schema. A route without one never reads its body. */
  body?: S;
  /** An empty body is read as `{}`: for a route that once read none, so its older callers still work. */
  emptyBodyAllowed?: boolean;
  /** The path parameters' schema, and the refusal when they don't fit it. */
  params?: { schema: P; refusal: () => UserFacingError };
  /** Checks that refuse before any limit is counted (a passkey confirmation, a typed email). */
  authorize?: (context: C) => void;
  /** The endpoint's rate limits, counted before the handler runs. */
  limits?: (context: C) => RateLimitCheck[];
  /** The operation counts the limits in its own statement: handed over as `context.limits` instead. */
  limitsCountedByOperation?: boolean;
  /** Sets the device cookie on a successful answer (ceremonies that bind a challenge to the browser). */
  rememberDevice?: boolean;
}

const FORBIDDEN_ORIGIN = () => new UserFacingError("forbidden_origin", "forbiddenOrigin", 403);
const SIGNED_OUT = () => new UserFacingError("signed_out", "signedOut", 401);

async function readParams(next: NextRouteContext | undefined, spec: { schema: z.ZodType; refusal: () => UserFacingError }): Promise<unknown> {
  const parsed = spec.schema.safeParse((await next?.params) ?? {});
  if (!parsed.success) throw spec.refusal();
  return parsed.data;
}

function buildRoute(
  spec: RouteSpec<z.ZodType | undefined, z.ZodType | undefined, never>,
  signedIn: boolean,
  handle: (context: never) => Promise<unknown>,
): RouteHandler {
  const { authorize, limits } = spec as RouteSpec<unknown, unknown, SignedInRouteContext<unknown, unknown>>;
  const run = handle as (context: SignedInRouteContext<unknown, unknown>) => Promise<unknown>;
  return (request, next) => observeRequest(request, async (refused) => {
    let response: NextResponse;
    try {
      if (!isSameOriginRequest(request)) throw FORBIDDEN_ORIGIN();
      // What the proxy answers for the routes it sees, during a known outage (the ceremony routes skip it).
      if (databaseKnownUnavailable()) throw databaseUnavailable();
      const session = signedIn ? await sessionForRequest(request) : null;
      if (signedIn && !session) throw SIGNED_OUT();
      const params = spec.params ? await readParams(next, spec.params as { schema: z.ZodType; refusal: () => UserFacingError }) : undefined;
      const body = spec.body ? await readJsonBody(request, spec.body, spec.emptyBodyAllowed) : undefined;
      let device: Device | null = null;
      let sessionToOpen: string | null = null;
      const context = {
        request,
        body,
        params,
        session: session as ActiveSession,
        client: clientInfo(request.headers),
        locale: requestLocale(request),
        get device() {
          return (device ??= deviceOf(request));
        },
        limits: [] as RateLimitCheck[],
        signIn: (sessionId: string) => void (sessionToOpen = sessionId),
      };
      authorize?.(context);
      const checks = limits?.(context) ?? [];
      if (spec.limitsCountedByOperation) context.limits = checks;
      else if (checks.length > 0) await enforceRateLimits(checks);
      const result = await run(context);
      response = result instanceof NextResponse ? result : jsonResponse(result);
      if (spec.rememberDevice) rememberDevice(response, context.device);
      if (sessionToOpen) await setSessionCookie(response, sessionToOpen);
    } catch (error) {
      refused(error);
      response = errorResponse(error, requestLocale(request));
    }
    return withApiSecurityHeaders(response, request);
  });
}

/** A JSON route anyone may call (sign-up, sign-in, recovery, emailed links). */
export function publicRoute<S extends z.ZodType | undefined = undefined, P extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<S, P, RouteContext<BodyOf<S>, ParamsOf<P>>>,
  handle: (context: RouteContext<BodyOf<S>, ParamsOf<P>>) => Promise<unknown>,
): RouteHandler {
  return buildRoute(spec as RouteSpec<z.ZodType | undefined, z.ZodType | undefined, never>, false, handle);
}

/** A JSON route for signed-in people only: the session is checked against the database first. */
export function signedInRoute<S extends z.ZodType | undefined = undefined, P extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<S, P, SignedInRouteContext<BodyOf<S>, ParamsOf<P>>>,
  handle: (context: SignedInRouteContext<BodyOf<S>, ParamsOf<P>>) => Promise<unknown>,
): RouteHandler {
  return buildRoute(spec as RouteSpec<z.ZodType | undefined, z.ZodType | undefined, never>, true, handle);
}
