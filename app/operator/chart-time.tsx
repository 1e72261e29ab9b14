"use client";

import { useEffect, useState, type ReactNode } from "react";
import { formatHour, formatShortDate, utcDateFallback, utcHourFallback } from "@/lib/shared/local-time";

// Axis labels inside the charts' SVG (plain text, no <time>, which SVG cannot hold). As with
// components/time.tsx, the reader's zone exists only in the browser: the server renders the UTC
// fallback and the label switches to the reader's clock after mount.

const FORMATS = {
  hour: { local: formatHour, fallback: utcHourFallback },
  day: { local: formatShortDate, fallback: utcDateFallback },
} as const;

export function LocalAxisLabel({ iso, unit }: { iso: string; unit: keyof typeof FORMATS }): ReactNode {
  const [text, setText] = useState<string | undefined>(undefined);
  useEffect(() => setText(FORMATS[unit].local(iso)), [iso, unit]);
  return text ?? FORMATS[unit].fallback(iso);
}
