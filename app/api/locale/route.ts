import { z } from "zod";
import { setAccountLocale } from "@/lib/server/accounts/users";
import { localeCookieOptions } from "@/lib/server/http/cookies";
import { jsonResponse } from "@/lib/server/http/http";
import { publicRoute } from "@/lib/server/http/route";
import { env } from "@/lib/server/platform/env";
import { sessionForRequest } from "@/lib/server/sessions/sessions";
import { LOCALE_COOKIE, LOCALES } from "@/lib/shared/locale";

const bodySchema = z.object({ locale: z.enum(LOCALES, { error: "localeInvalid" }) }, { error: "localeInvalid" });

/**
 * The footer's "Language" switcher: remembers the choice in this browser and, when signed in, makes
 * it the language of the account's emails. Signed out, only the cookie changes.
 */
export const POST = publicRoute({ body: bodySchema }, async ({ request, body }) => {
  const session = await sessionForRequest(request);
  if (session) await setAccountLocale(session.userId, body.locale);
  const response = jsonResponse({ locale: body.locale });
  response.cookies.set(LOCALE_COOKIE, body.locale, localeCookieOptions(env().secure));
  return response;
});
