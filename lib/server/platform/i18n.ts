import "server-only";
import { createTranslator } from "next-intl";
import type { Locale } from "../../shared/locale";
import { messagesFor, type Messages } from "../../shared/messages";

// Text the server writes outside React (API errors, emails, sentences handed to pages) goes
// through next-intl's translator with the same message files as the pages.

/** next-intl's translator for one namespace in one language. */
export function translatorFor<N extends keyof Messages>(locale: Locale, namespace: N) {
  return createTranslator({ locale, messages: messagesFor(locale), namespace });
}

/**
 * An instant for a reader whose time zone the server cannot know (an email, an API message):
 * in the reader's language, in UTC, and saying so ("… 11:00:30 PM UTC", "… 23:00:30 UTC").
 */
export function formatUtcDateTime(at: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "long", timeZone: "UTC" }).format(at);
}
