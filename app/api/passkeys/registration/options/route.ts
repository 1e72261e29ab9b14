import { signedInJsonRoute } from "@/lib/http";
import { startAddPasskey } from "@/lib/registration";

export const POST = signedInJsonRoute(async (_request, session) => startAddPasskey(session.user));
