import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth";
import { env } from "@/lib/env";
import { UserFacingError } from "@/lib/errors";
import { errorResponse } from "@/lib/http";

// next-auth v4 builds redirect and callback URLs from NEXTAUTH_URL; derive it from our
// validated configuration so there is one source of truth for the origin.
process.env.NEXTAUTH_URL = env().origin;

const handler = NextAuth(authOptions());

type Context = { params: Promise<{ nextauth?: string[] }> };

// Only what the portal uses: reading the session (useSession), the CSRF token and sign-out
// (signOut). Everything else next-auth would serve (sign-in pages, provider callbacks) has no
// provider behind it here, and answers a plain 404 instead of an error page or a crash.
const ACTIONS: Record<"GET" | "POST", ReadonlySet<string>> = {
  GET: new Set(["session", "csrf", "providers"]),
  POST: new Set(["session", "signout"]),
};

function guarded(method: "GET" | "POST") {
  return async (request: Request, context: Context): Promise<Response> => {
    const action = (await context.params).nextauth?.join("/") ?? "";
    if (!ACTIONS[method].has(action)) {
      return errorResponse(new UserFacingError("not_found", "There's nothing at this address.", 404));
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
