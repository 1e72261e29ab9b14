import "server-only";
import type { User } from "../../generated/prisma/client";
import { DEFAULT_LOCALE, isLocale, type Locale } from "../../shared/locale";

// Apart from users.ts so that the mail code can ask without loading the database client (import depth).

/** The account's language, for its emails: what it stored, English for anything else. */
export function accountLocale(user: Pick<User, "locale">): Locale {
  return isLocale(user.locale) ? user.locale : DEFAULT_LOCALE;
}
