import { dismissReportedChanges } from "@/lib/server/accounts/email-change-report";
import { signedInRoute } from "@/lib/server/http/route";

/** Closes /account's "You reported an email change you didn't make" section. */
export const DELETE = signedInRoute({}, async ({ session }) => {
  await dismissReportedChanges(session.userId);
  return { dismissed: true };
});
