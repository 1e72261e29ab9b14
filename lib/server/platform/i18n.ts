import "server-only";
// use-intl/core, not next-intl: next-intl's entry loads React hooks, which the react-server build of
// React (a route handler, or a worker started with --conditions=react-server) does not have.
import { createTranslator, type NamespaceKeys, type NestedKeyOf } from "use-intl/core";
import type { Locale } from "../../shared/locale";
import { messagesFor, type Messages } from "../../shared/messages";

// Text the server writes outside React (API errors, emails, sentences handed to pages) goes
// through next-intl's translator with the same message files as the pages.

/** A namespace or a nested part of one: "emails", "emails.confirmation". */
export type MessagesPath = NamespaceKeys<Messages, NestedKeyOf<Messages>>;

/** next-intl's translator for one namespace (or a part of one) in one language. */
export function translatorFor<N extends MessagesPath>(locale: Locale, namespace: N) {
  return createTranslator({ locale, messages: messagesFor(locale), namespace });
}

/**
 * An instant for a reader whose time zone the server cannot know (an email, an API message):
 * in the reader's language, in UTC, and saying so ("… 11:00:30 PM UTC", "… 23:00:30 UTC").
 */
export function formatUtcDateTime(at: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "long", timeZone: "UTC" }).format(at);
}
