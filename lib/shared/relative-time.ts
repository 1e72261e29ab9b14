import type { Locale } from "./locale";

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

// Elapsed time, not calendar distance: the server renders this without knowing the reader's
// zone, so "yesterday" or "last month" could name the wrong day or month for them (25 hours
// before 00:30 is the day before yesterday). A month is a twelfth of a year, so 360 to 364
// days read "11 months", never "12 months".
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", YEAR],
  ["month", YEAR / 12],
  ["week", 7 * DAY],
  ["day", DAY],
  ["hour", HOUR],
  ["minute", MINUTE],
];

// Under a minute, Intl has no words that mean "moments ago" in every language ("0 minutes ago" is wrong).
const JUST_NOW: Record<Locale, string> = { en: "just now", de: "gerade eben" };

/** "5 minutes ago", "vor 1 Tag", "just now": how long before `now` `date` was, in the page's language. */
export function formatRelative(date: Date, now: Date, locale: Locale = "en"): string {
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  // A time after `now` can only come from clocks that disagree (app and database): it just happened.
  if (seconds < MINUTE) return JUST_NOW[locale];
  const [unit, size] = UNITS.find(([, length]) => seconds >= length) ?? ["minute", MINUTE];
  return new Intl.RelativeTimeFormat(locale, { numeric: "always" }).format(-Math.trunc(seconds / size), unit);
}
