import { clientInfo } from "@/lib/client-info";
import { signedInJsonRoute } from "@/lib/http";
import { signOutEverywhereElse } from "@/lib/sessions";

export const POST = signedInJsonRoute(async (request, session) => ({
  signedOut: await signOutEverywhereElse(session, clientInfo(request.headers)),
}));
