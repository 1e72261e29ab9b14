import { describe, expect, it } from "vitest";
import { formatDate, formatExactTime, readerLocaleFor, utcDateFallback, utcTimeFallback } from "./local-time";
import { AWKWARD_INSTANTS, inTimeZone, READER_TIME_ZONES } from "../testing/clock";

// Expectations name the calendar facts (which day, which hour, which zone) rather than a whole
// string, since the exact punctuation is the browser's ICU data's business.

describe("exact times on the reader's clock", () => {
  it("shows 1 January to a reader in Berlin while the UTC fallback still says 31 December", () => {
    const iso = AWKWARD_INSTANTS["1 January 00:00:30 in Berlin, still 31 December in UTC"].toISOString();

    expect(utcTimeFallback(iso)).toBe("2026-12-31 23:00 UTC");
    expect(utcDateFallback(iso)).toBe("2026-12-31 UTC");
    expect(formatDate(iso, "en-US", "Europe/Berlin")).toBe(formatDate("2027-01-01T12:00:00Z", "en-US", "UTC"));
    const berlin = formatExactTime(iso, "en-GB", "Europe/Berlin");
    expect(berlin).toContain("2027");
    expect(berlin).not.toContain("2026");
    expect(berlin).toMatch(/\b0?0:00\b/);
  });

  it("tells the two 01:30s apart on the night the clocks go back", () => {
    const first = formatExactTime("2026-11-01T05:30:00Z", "en-US", "America/New_York");
    const second = formatExactTime(AWKWARD_INSTANTS["the second 01:30 in New York, after the clocks went back"].toISOString(), "en-US", "America/New_York");

    expect(first).toMatch(/\b1:30\b/);
    expect(second).toMatch(/\b1:30\b/);
    expect(first).not.toBe(second);
  });

  it("skips the hour that does not exist when the clocks go forward", () => {
    const before = formatExactTime("2027-03-28T00:59:00Z", "en-GB", "Europe/Berlin");
    const after = formatExactTime(AWKWARD_INSTANTS["03:00:30 in Berlin, just after the clocks went forward"].toISOString(), "en-GB", "Europe/Berlin");

    expect(before).toMatch(/\b0?1:59\b/);
    expect(after).toMatch(/\b0?3:00\b/);
  });

  it("puts the last minute of February on the reader's side of the date line", () => {
    const leap = AWKWARD_INSTANTS["29 February 23:59:30 in New York, already 1 March in UTC"].toISOString();
    expect(formatDate(leap, "en-US", "America/New_York")).toBe(formatDate("2028-02-29T12:00:00Z", "en-US", "UTC"));
    expect(utcDateFallback(leap)).toBe("2028-03-01 UTC");

    const ordinary = AWKWARD_INSTANTS["28 February 23:59:30 UTC, already 1 March in Tokyo"].toISOString();
    expect(formatDate(ordinary, "en-US", "Asia/Tokyo")).toBe(formatDate("2027-03-01T12:00:00Z", "en-US", "UTC"));
    expect(utcDateFallback(ordinary)).toBe("2027-02-28 UTC");
  });

  it("uses the reader's own zone unless told otherwise, and the fallbacks never do", () => {
    for (const instant of Object.values(AWKWARD_INSTANTS)) {
      const iso = instant.toISOString();
      for (const zone of READER_TIME_ZONES) {
        inTimeZone(zone, () => {
          expect(formatExactTime(iso, "en-US")).toBe(formatExactTime(iso, "en-US", zone));
          expect(formatDate(iso, "en-US")).toBe(formatDate(iso, "en-US", zone));
          expect(utcTimeFallback(iso)).toBe(`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`);
          expect(utcDateFallback(iso)).toBe(`${iso.slice(0, 10)} UTC`);
        });
      }
    }
  });
});

describe("the formatting locale for a page's language", () => {
  it("uses the reader's own variant of the page's language, else the language itself", () => {
    expect(readerLocaleFor("en", ["en-GB", "de-DE"])).toBe("en-GB");
    expect(readerLocaleFor("de", ["en-GB", "de-AT"])).toBe("de-AT");
    expect(readerLocaleFor("de", ["en-US"])).toBe("de");
    expect(readerLocaleFor("en", [])).toBe("en");
  });

  it("formats a German page's times with German month names", () => {
    const iso = "2027-03-05T12:00:00Z";
    expect(formatExactTime(iso, readerLocaleFor("de", ["en-US"]), "UTC")).toContain("März");
    expect(formatDate(iso, readerLocaleFor("de", ["en-US"]), "UTC")).toBe("05.03.2027");
    expect(formatExactTime(iso, readerLocaleFor("en", ["en-US"]), "UTC")).toContain("Mar");
  });
});
