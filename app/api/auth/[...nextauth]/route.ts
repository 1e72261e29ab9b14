import NextAuth from "next-auth";
import { authOptions } from "@/lib/server/sessions/auth";
import { env } from "@/lib/server/platform/env";
import { UserFacingError } from "@/lib/server/platform/errors";
import { errorResponse } from "@/lib/server/http/http";

// next-auth v4 builds redirect and callback URLs from NEXTAUTH_URL; derive it from our
// validated configuration so there is one source of truth for the origin.
process.env.NEXTAUTH_URL = env().origin;

const handler = NextAuth(authOptions());

type Context = { params: Promise<{ nextauth?: string[] }> };

// Only what the portal uses: reading the session (useSession), the CSRF token and sign-out
// (signOut, a form-encoded POST). Everything else next-auth would serve (sign-in pages, provider
// callbacks, session updates) has no provider or caller here, and answers a plain 404 instead of
// an error page or a crash.
const ACTIONS: Record<"GET" | "POST", ReadonlySet<string>> = {
  GET: new Set(["session", "csrf", "providers"]),
  POST: new Set(["signout"]),
};

// next-auth parses a JSON body itself and throws on a broken one; answer that before it runs.
async function hasBrokenJsonBody(request: Request): Promise<boolean> {
  if (!request.headers.get("content-type")?.includes("json")) return false;
  try {
    JSON.parse(await request.clone().text());
    return false;
  } catch {
    return true;
  }
}

function guarded(method: "GET" | "POST") {
  return async (request: Request, context: Context): Promise<Response> => {
    const action = (await context.params).nextauth?.join("/") ?? "";
    if (!ACTIONS[method].has(action)) {
      return errorResponse(new UserFacingError("not_found", "notFound", 404));
    }
    if (method === "POST" && (await hasBrokenJsonBody(request))) {
      return errorResponse(new UserFacingError("invalid_json", "invalidJson"));
    }
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export const GET = guarded("GET");
export const POST = guarded("POST");
