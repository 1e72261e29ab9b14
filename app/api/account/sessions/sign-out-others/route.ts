import { signedInRoute } from "@/lib/server/http/route";
import { signOutEverywhereElse } from "@/lib/server/sessions/sign-out";

export const POST = signedInRoute({}, async ({ session, client }) => ({ signedOut: await signOutEverywhereElse(session, client) }));
