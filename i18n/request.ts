// next-intl's per-request configuration (no locale in the URL): the language comes from the
// footer switcher's cookie, else Accept-Language (lib/shared/locale.ts).
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, negotiateLocale } from "@/lib/shared/locale";
import { messagesFor } from "@/lib/shared/messages";

export default getRequestConfig(async () => {
  const locale = negotiateLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
  // No date is formatted through next-intl (pages format in the reader's own zone, lib/shared/local-time.ts);
  // a fixed zone keeps server and browser renders identical and next-intl from warning.
  return { locale, messages: messagesFor(locale), timeZone: "UTC" };
});
