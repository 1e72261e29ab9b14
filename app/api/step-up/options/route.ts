import { startStepUp } from "@/lib/authentication";
import { signedInJsonRoute } from "@/lib/http";

export const POST = signedInJsonRoute(async (_request, session) => startStepUp(session.user));
