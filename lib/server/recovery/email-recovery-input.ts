import "server-only";
import { z } from "zod";
import { linkTokenSchema } from "../accounts/email-codes";
import { apiErrorMessage } from "../platform/errors";

/** The English sentence, for tests; the refusals answer in the request's language. */
export const BAD_RECOVERY_LINK = apiErrorMessage("en", "badRecoveryLink");

/** The recovery link's token, as every step after the email sends it back. */
export const recoveryTokenSchema = linkTokenSchema("badRecoveryLink");

export const recoveryTokenBodySchema = z.object({ token: recoveryTokenSchema }, { error: "badRecoveryLink" });

/** What "Start recovery" answers for every address, with an account or without (in English; the route answers in the request's language). */
export const RECOVERY_REQUESTED = apiErrorMessage("en", "recoveryRequested");
