// Exact times belong on the reader's own clock: their zone and locale, which only their browser
// knows. Pages render the UTC fallback on the server and format in the browser after mount.

/**
 * Date, hour, minute and the zone's name: during the hour that repeats when clocks go back,
 * "1:30 AM EDT" and "1:30 AM EST" are different times, and the reader sees which one.
 */
export const EXACT_TIME_FORMAT: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZoneName: "short",
};

export const DATE_FORMAT: Intl.DateTimeFormatOptions = { dateStyle: "medium" };

/** The instant `iso` on the reader's clock (their locale and zone unless given). */
export function formatExactTime(iso: string, locale?: string, timeZone?: string): string {
  return new Date(iso).toLocaleString(locale, { ...EXACT_TIME_FORMAT, timeZone });
}

/** The reader's calendar date for the instant `iso` (their locale and zone unless given). */
export function formatDate(iso: string, locale?: string, timeZone?: string): string {
  return new Date(iso).toLocaleDateString(locale, { ...DATE_FORMAT, timeZone });
}

/** What the server shows before the browser knows the reader's zone: "2026-12-02 12:15 UTC". */
export function utcTimeFallback(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The UTC date, as the server shows it before the browser knows the reader's zone: "2026-12-02 UTC". */
export function utcDateFallback(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 10)} UTC`;
}

/** The hour of the day, for chart axes: "9:00 PM", "21:00". */
export const HOUR_FORMAT: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };

/** Day and month, for chart axes: "Dec 3", "3. Dez.". */
export const SHORT_DATE_FORMAT: Intl.DateTimeFormatOptions = { month: "short", day: "numeric" };

/** The instant `iso` as an hour of the reader's day (their locale and zone unless given). */
export function formatHour(iso: string, locale?: string, timeZone?: string): string {
  return new Date(iso).toLocaleTimeString(locale, { ...HOUR_FORMAT, timeZone });
}

/** The reader's day and month for the instant `iso` (their locale and zone unless given). */
export function formatShortDate(iso: string, locale?: string, timeZone?: string): string {
  return new Date(iso).toLocaleDateString(locale, { ...SHORT_DATE_FORMAT, timeZone });
}

/** The UTC hour, as the server shows it before the browser knows the reader's zone: "21:00 UTC". */
export function utcHourFallback(iso: string): string {
  return `${new Date(iso).toISOString().slice(11, 16)} UTC`;
}
