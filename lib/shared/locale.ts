// The portal's languages and how a request's language is chosen: the reader's own choice (the
// footer's "Language" select, kept in a cookie) first, then the browser's Accept-Language.

export const LOCALES = ["en", "de"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** The cookie the footer's language switcher sets (a year; not httpOnly-sensitive: it holds only "en" or "de"). */
export const LOCALE_COOKIE = "portal-locale";

/** Each language named in itself, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", de: "Deutsch" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The language for a request: a valid cookie wins; otherwise the Accept-Language entry with the
 * highest q whose primary tag we have ("de-AT" → "de"); otherwise English.
 */
export function negotiateLocale(cookieValue: string | undefined | null, acceptLanguage: string | undefined | null): Locale {
  if (isLocale(cookieValue)) return cookieValue;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { primary: tag.trim().toLowerCase().split("-")[0] ?? "", weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const entry of ranked) if (isLocale(entry.primary)) return entry.primary;
  return DEFAULT_LOCALE;
}
