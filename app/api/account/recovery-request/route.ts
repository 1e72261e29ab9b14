import { signedInRoute } from "@/lib/server/http/route";
import { cancelRecovery } from "@/lib/server/recovery/pending-recovery";

/** The banner's "Cancel recovery": any signed-in session of the account may, with no further check. */
export const DELETE = signedInRoute({}, async ({ session, client }) => {
  await cancelRecovery(session, client);
  return { cancelled: true };
});
