import { clientInfo } from "@/lib/server/http/client-info";
import { signedInJsonRoute } from "@/lib/server/http/http";
import { signOutEverywhereElse } from "@/lib/server/sessions/sign-out";

export const POST = signedInJsonRoute(async (request, session) => ({
  signedOut: await signOutEverywhereElse(session, clientInfo(request.headers)),
}));
