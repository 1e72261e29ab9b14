import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { env } from "../platform/env";
import {
  DATABASE_RETRY_AFTER_SECONDS,
  DATABASE_UNAVAILABLE_CODE,
  noteDatabaseError,
} from "../platform/database-availability";
import { apiErrorMessage, isApiErrorKey, isUserFacingError, UserFacingError } from "../platform/errors";
import { DEFAULT_LOCALE, type Locale } from "../../shared/locale";
import { log } from "../platform/log";
import { apiSecurityHeaders, isServedOverHttps } from "../security/security-headers";
import { isWellFormedText } from "./validation";

// CSRF defence for JSON endpoints: a browser always sends Origin on a cross-site POST,
// and Sec-Fetch-Site where Origin is stripped. Non-browser clients must send Origin.
// RELATED_ORIGINS count as the portal's own: it may be served there too (country domains). A
// related site served by another app gains nothing: the session cookie is SameSite=Lax, so
// its cross-site POSTs carry no session, and the portal grants no CORS preflight.
export function isSameOriginRequest(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin) return env().acceptedOrigins.includes(origin);
  return request.headers.get("sec-fetch-site") === "same-origin";
}

// Ceremony bodies are a few kilobytes; anything far larger is abuse, refused before parsing.
const MAX_BODY_BYTES = 64 * 1024;
// No request the portal's pages send is nested more than a few levels; a 64 KB body of
// brackets would otherwise overflow the stack of whatever walks it later.
const MAX_JSON_DEPTH = 32;

/**
 * What no body may hold, anywhere: nesting deeper than MAX_JSON_DEPTH, or strings (keys too)
 * with a lone surrogate or NUL, which PostgreSQL cannot store. Walked without recursion.
 */
function jsonProblem(body: unknown): "too_deep" | "not_text" | null {
  let notText = false;
  const pending: [unknown, number][] = [[body, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value === "string") {
      if (value.includes("\0") || !isWellFormedText(value)) notText = true;
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) return "too_deep";
    for (const [key, child] of Object.entries(value)) pending.push([key, depth + 1], [child, depth + 1]);
  }
  return notText ? "not_text" : null;
}

async function readBodyText(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new UserFacingError("body_too_large", "bodyTooLarge", 413);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new UserFacingError("body_too_large", "bodyTooLarge", 413);
  return text;
}

export async function readJsonBody<T extends z.ZodType>(request: Request, schema: T, emptyAllowed = false): Promise<z.output<T>> {
  let body: unknown;
  try {
    const text = await readBodyText(request);
    body = emptyAllowed && text === "" ? {} : JSON.parse(text);
  } catch (error) {
    if (isUserFacingError(error)) throw error;
    throw new UserFacingError("invalid_json", "invalidJson");
  }
  const problem = jsonProblem(body);
  if (problem === "too_deep") throw new UserFacingError("invalid_request", "malformed");
  // Messages our schemas spell out (keys of messages/en/errors-api.json) reach the person; zod's own wording never does.
  const parsed = schema.safeParse(body, { error: () => "malformed" });
  if (!parsed.success) {
    const key = parsed.error.issues[0]?.message;
    throw new UserFacingError("invalid_request", isApiErrorKey(key) ? key : "malformed");
  }
  // After the schema, so a field with a message of its own says which field it was.
  if (problem === "not_text") throw new UserFacingError("invalid_request", "notText");
  return parsed.data;
}

/** A JSON answer that no cache may keep (every API answer is personal or single-use). */
export function jsonResponse(body: unknown): NextResponse {
  return NextResponse.json(body ?? {}, { headers: { "Cache-Control": "no-store" } });
}

/** The JSON refusal for an error, its sentence in `locale` (English when the request is unknown). */
export function errorResponse(error: unknown, locale: Locale = DEFAULT_LOCALE): NextResponse {
  if (isUserFacingError(error)) {
    const headers: Record<string, string> = { "Cache-Control": "no-store" };
    if (error.retryAfterSeconds !== undefined) headers["Retry-After"] = String(error.retryAfterSeconds);
    return NextResponse.json({ error: error.messageIn(locale), code: error.code }, { status: error.status, headers });
  }
  // A database that is down is an outage, not a bug: 503, and the proxy answers the next requests.
  if (noteDatabaseError(error)) return errorResponse(databaseUnavailable(), locale);
  log.error("Unexpected error while handling a request", { error });
  return NextResponse.json(
    { error: apiErrorMessage(locale, "internalError"), code: "internal_error" },
    { status: 500 },
  );
}

export function databaseUnavailable(): UserFacingError {
  return new UserFacingError(DATABASE_UNAVAILABLE_CODE, "databaseUnavailable", 503, DATABASE_RETRY_AFTER_SECONDS);
}

/**
 * The security headers proxy.ts gives every API answer, set by the route itself: the routes on
 * every sign-in's path skip the proxy (see its matcher), and a route that does not is merely
 * told the same thing twice.
 */
export function withApiSecurityHeaders<R extends Response>(response: R, request: Request): R {
  const https = isServedOverHttps(env().origin, request.headers.get("x-forwarded-proto"));
  for (const [name, value] of Object.entries(apiSecurityHeaders(https))) response.headers.set(name, value);
  return response;
}
