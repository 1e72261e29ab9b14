"use client";

import { useEffect, useState, type ReactNode } from "react";
import { formatRelative } from "@/lib/relative-time";

// Exact times belong in the reader's own time zone and locale, which only the browser knows:
// they are filled in after the page mounts, never taken from the server render.
function useLocalString(iso: string, options?: Intl.DateTimeFormatOptions): string | undefined {
  const [text, setText] = useState<string | undefined>(undefined);
  useEffect(() => setText(new Date(iso).toLocaleString(undefined, options)), [iso, options]);
  return text;
}

/** "5 minutes ago", with the exact local time as its tooltip. */
export function RelativeTime({ iso, now }: { iso: string; now: string }): ReactNode {
  const exact = useLocalString(iso);
  return (
    <time dateTime={iso} title={exact}>
      {formatRelative(new Date(iso), new Date(now))}
    </time>
  );
}

const EXACT: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };

/** The exact date and time in the reader's zone (UTC until the page mounts). */
export function LocalTime({ iso }: { iso: string }): ReactNode {
  const local = useLocalString(iso, EXACT);
  return <time dateTime={iso}>{local ?? `${iso.slice(0, 16).replace("T", " ")} UTC`}</time>;
}
