"use client";

import { useLocale } from "next-intl";
import { useEffect, useState, type ReactNode } from "react";
import { formatDate, formatExactTime, readerLocaleFor, utcDateFallback, utcTimeFallback } from "@/lib/shared/local-time";
import { formatRelative } from "@/lib/shared/relative-time";

type Format = (iso: string, locale: string) => string;

// The reader's zone and locale exist only in the browser: anything formatted with them is set
// after mount, so the server render and hydration always agree. The language is the page's.
function useInBrowser(iso: string, format: Format): string | undefined {
  const pageLocale = useLocale();
  const [text, setText] = useState<string | undefined>(undefined);
  useEffect(() => setText(format(iso, readerLocaleFor(pageLocale, navigator.languages))), [iso, format, pageLocale]);
  return text;
}

/** "5 minutes ago" (elapsed until the server's `now`), with the exact local time as its tooltip. */
export function RelativeTime({ iso, now }: { iso: string; now: string }): ReactNode {
  const locale = useLocale();
  const exact = useInBrowser(iso, formatExactTime);
  return (
    <time dateTime={iso} title={exact}>
      {formatRelative(new Date(iso), new Date(now), locale)}
    </time>
  );
}

/** The exact date and time in the reader's zone (UTC until the page mounts). */
export function LocalTime({ iso }: { iso: string }): ReactNode {
  const local = useInBrowser(iso, formatExactTime);
  return <time dateTime={iso}>{local ?? utcTimeFallback(iso)}</time>;
}

/** The date in the reader's zone (the UTC date until the page mounts). */
export function LocalDate({ iso }: { iso: string }): ReactNode {
  const local = useInBrowser(iso, formatDate);
  return <time dateTime={iso}>{local ?? utcDateFallback(iso)}</time>;
}
