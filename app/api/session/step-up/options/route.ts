import { startStepUp } from "@/lib/server/ceremonies/step-up";
import { signedInRoute } from "@/lib/server/http/route";
import { accountCeremonyLimits } from "@/lib/server/security/route-limits";

export const POST = signedInRoute({ limits: accountCeremonyLimits }, ({ session }) => startStepUp(session));
