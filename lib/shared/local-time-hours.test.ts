import { describe, expect, it } from "vitest";
import { formatHour, formatShortDate, utcHourFallback } from "./local-time";
import { AWKWARD_INSTANTS } from "../testing/clock";

// The operator dashboard's axis labels: the hour and the day on the reader's clock.

describe("hours and days on the reader's clock", () => {
  it("labels an hour in the reader's zone, half-hour zones included, while the fallback says UTC", () => {
    const iso = "2026-12-03T21:00:00Z";
    expect(utcHourFallback(iso)).toBe("21:00 UTC");
    expect(formatHour(iso, "en-GB", "UTC")).toBe("21:00");
    expect(formatHour(iso, "en-GB", "Europe/Berlin")).toBe("22:00");
    expect(formatHour(iso, "en-GB", "America/St_Johns")).toBe("17:30");
    expect(formatHour(iso, "de-DE", "Europe/Berlin")).toMatch(/^22:00/);
  });

  it("labels the reader's day, which may not be the UTC one", () => {
    const iso = AWKWARD_INSTANTS["1 January 00:00:30 in Berlin, still 31 December in UTC"].toISOString();
    expect(formatShortDate(iso, "en-US", "Europe/Berlin")).toBe("Jan 1");
    expect(formatShortDate(iso, "en-US", "UTC")).toBe("Dec 31");
  });
});
