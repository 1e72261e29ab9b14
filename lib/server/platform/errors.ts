import type { Locale } from "../../shared/locale";
import type en from "../../../messages/en/errors-api.json";
import { messagesFor } from "../../shared/messages";
import { formatUtcDateTime, translatorFor } from "./i18n";

/** A sentence of messages/<locale>/errors-api.json. */
export type ApiErrorKey = keyof typeof en;
/** Placeholder values; an instant is written in the reader's language, in UTC (see formatUtcDateTime). */
export type ApiErrorValues = Record<string, string | number | Date>;
/** A message key, or a key with the values its placeholders need. */
export type ApiErrorText = ApiErrorKey | { key: ApiErrorKey; values: ApiErrorValues };

export function isApiErrorKey(value: unknown): value is ApiErrorKey {
  return typeof value === "string" && Object.hasOwn(messagesFor("en")["errors-api"], value);
}

/** A sentence from messages/<locale>/errors-api.json in one language. */
export function apiErrorMessage(locale: Locale, key: ApiErrorKey, values?: ApiErrorValues): string {
  const written = values && Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value instanceof Date ? formatUtcDateTime(value, locale) : value]));
  return translatorFor(locale, "errors-api")(key, written);
}

/**
 * An error whose message is written for the person in front of the screen. It carries a message
 * key: the route answers in the request's language (`messageIn`); `message` is the English
 * sentence, for logs and tests.
 */
export class UserFacingError extends Error {
  readonly key: ApiErrorKey;
  readonly values?: ApiErrorValues;

  constructor(
    readonly code: string,
    text: ApiErrorText,
    readonly status: number = 400,
    /** For 429 and 503 answers: seconds until the request may be tried again (the Retry-After header). */
    readonly retryAfterSeconds?: number,
  ) {
    const { key, values } = typeof text === "string" ? { key: text, values: undefined } : text;
    super(apiErrorMessage("en", key, values));
    this.name = "UserFacingError";
    this.key = key;
    this.values = values;
  }

  messageIn(locale: Locale): string {
    return apiErrorMessage(locale, this.key, this.values);
  }
}

export function isUserFacingError(error: unknown): error is UserFacingError {
  return error instanceof UserFacingError;
}
