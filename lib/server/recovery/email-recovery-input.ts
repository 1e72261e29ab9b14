import "server-only";
import { z } from "zod";
import { linkTokenSchema } from "../accounts/email-codes";

export const BAD_RECOVERY_LINK = "This recovery link is wrong, was already used, was cancelled or has expired. Start recovery again from the sign-in page.";

/** The recovery link's token, as every step after the email sends it back. */
export const recoveryTokenSchema = linkTokenSchema(BAD_RECOVERY_LINK);

export const recoveryTokenBodySchema = z.object({ token: recoveryTokenSchema }, { error: BAD_RECOVERY_LINK });

/** What "Start recovery" answers for every address, with an account or without. */
export const RECOVERY_REQUESTED =
  "If this email address is the confirmed address of an account, we've sent it a link to start recovery. Open it in this browser. The link expires in 24 hours.";
