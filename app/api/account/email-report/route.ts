import { dismissReportedChanges } from "@/lib/server/accounts/email-change-report";
import { signedInJsonRoute } from "@/lib/server/http/http";

/** Closes /account's "You reported an email change you didn't make" section. */
export const DELETE = signedInJsonRoute(async (_request, session) => {
  await dismissReportedChanges(session.userId);
  return { dismissed: true };
});
