import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { env } from "./env";
import { isUserFacingError, UserFacingError } from "./errors";

// CSRF defence for JSON endpoints: a browser always sends Origin on a cross-site POST,
// and Sec-Fetch-Site where Origin is stripped. Non-browser clients must send Origin.
export function isSameOriginRequest(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin) return env().origins.includes(origin);
  return request.headers.get("sec-fetch-site") === "same-origin";
}

export async function readJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new UserFacingError("invalid_json", "The request body must be valid JSON.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new UserFacingError("invalid_request", first?.message ?? "The request is not valid.");
  }
  return parsed.data;
}

export function errorResponse(error: unknown): NextResponse {
  if (isUserFacingError(error)) {
    return NextResponse.json({ error: error.message, code: error.code }, { status: error.status });
  }
  console.error("Unexpected error while handling a request", error);
  return NextResponse.json(
    { error: "Something went wrong on our side. Please try again.", code: "internal_error" },
    { status: 500 },
  );
}

/** Wraps a state-changing JSON route handler: origin check, uniform JSON errors, no caching. */
export function jsonPostHandler(handle: (request: Request) => Promise<unknown>): (request: Request) => Promise<NextResponse> {
  return async (request) => {
    try {
      if (!isSameOriginRequest(request)) {
        throw new UserFacingError("forbidden_origin", "This request did not come from this site.", 403);
      }
      const result = await handle(request);
      return NextResponse.json(result, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) return forwarded.split(",")[0].trim() || null;
  return headers.get("x-real-ip");
}
