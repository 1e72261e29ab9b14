import { expect, type Locator, type Page } from "@playwright/test";
import { DATE_FORMAT, EXACT_TIME_FORMAT, readerLocaleFor, utcDateFallback, utcTimeFallback } from "../lib/shared/local-time";
import { SERVER_TIME_ZONE } from "./server-settings";

// Checks that a page shows times on the reader's clock: what the reader's browser itself
// formats for the instant, never what the server would (its own zone, or its UTC fallback).
// No date pattern anywhere: the browser's own Intl is the reference, whatever the date.

export type TimeKind = "exact" | "date";

const FORMATS: Record<TimeKind, Intl.DateTimeFormatOptions> = { exact: EXACT_TIME_FORMAT, date: DATE_FORMAT };

/**
 * How the page's browser formats the instant `iso` in its own zone and in the page's language:
 * the reader's own variant of it when the browser lists one (en-GB on an English page), else
 * the language itself (a ja-JP browser reading the English page gets English dates).
 */
export async function formatInBrowser(page: Page, iso: string, kind: TimeKind): Promise<string> {
  const [pageLocale, languages] = await page.evaluate(() => [document.documentElement.lang, [...navigator.languages]] as const);
  const locale = readerLocaleFor(pageLocale, languages);
  return page.evaluate(([value, format, tag]) => new Date(value).toLocaleString(tag, format), [iso, FORMATS[kind], locale] as const);
}

/** Everything the server could have shown for the instant: its fallback, and the same format on its clock or UTC's. */
export function serverRenderings(iso: string, kind: TimeKind): string[] {
  const fallback = kind === "exact" ? utcTimeFallback(iso) : utcDateFallback(iso);
  const onClock = (timeZone: string): string => new Date(iso).toLocaleString("en-US", { ...FORMATS[kind], timeZone });
  return [fallback, onClock(SERVER_TIME_ZONE), onClock("UTC")];
}

/**
 * Asserts that the `<time>` element shows its `datetime` on the reader's clock, as its text or
 * its title: equal to the browser's own formatting, and unlike anything the server renders.
 */
export async function expectReadersClock(page: Page, time: Locator, shownAs: "text" | "title", kind: TimeKind = "exact"): Promise<void> {
  const iso = await time.getAttribute("datetime");
  expect(iso, "the <time> element has a datetime").toBeTruthy();
  const readers = await formatInBrowser(page, iso!, kind);
  expect(serverRenderings(iso!, kind), "the reader's clock must differ from the server's for this check").not.toContain(readers);
  if (shownAs === "title") await expect(time).toHaveAttribute("title", readers);
  else await expect(time).toHaveText(readers);
}
