import { afterEach, describe, expect, it, vi } from "vitest";
import { formatRelative } from "./relative-time";
import { AWKWARD_INSTANTS, inTimeZone, READER_TIME_ZONES } from "../testing/clock";

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Seconds before now, and how that reads. Each boundary is tested from both sides.
const CASES: [number, string][] = [
  [0, "just now"],
  [59, "just now"],
  [60, "1 minute ago"],
  [5 * MINUTE, "5 minutes ago"],
  [HOUR - 1, "59 minutes ago"],
  [HOUR, "1 hour ago"],
  [DAY - 1, "23 hours ago"],
  [DAY, "1 day ago"],
  [47 * HOUR, "1 day ago"],
  [3 * DAY, "3 days ago"],
  [7 * DAY - 1, "6 days ago"],
  [7 * DAY, "1 week ago"],
  [14 * DAY, "2 weeks ago"],
  [30 * DAY, "4 weeks ago"],
  [31 * DAY, "1 month ago"],
  [59 * DAY, "1 month ago"],
  [61 * DAY, "2 months ago"],
  [364 * DAY, "11 months ago"],
  [365 * DAY, "1 year ago"],
  [366 * DAY, "1 year ago"],
  [400 * DAY, "1 year ago"],
  [730 * DAY, "2 years ago"],
];

describe("formatRelative", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  const ago = (seconds: number): Date => new Date(now.getTime() - seconds * 1000);

  it.each(CASES)("%i seconds ago reads %j", (seconds, expected) => {
    expect(formatRelative(ago(seconds), now)).toBe(expected);
  });

  it("says just now for a time a little after now, as clocks that disagree produce", () => {
    expect(formatRelative(ago(-5), now)).toBe("just now");
    expect(formatRelative(ago(-10 * MINUTE), now)).toBe("just now");
  });
});

describe("formatRelative at awkward instants, in any time zone", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  // The server renders these without the reader's zone: the words must depend on elapsed time
  // only, never on the calendar, so no "yesterday" or "last year" that midnight could make false.
  it.each(Object.entries(AWKWARD_INSTANTS))("reads the same at %s", (_label, instant) => {
    vi.useFakeTimers({ toFake: ["Date"], now: instant });
    for (const zone of READER_TIME_ZONES) {
      inTimeZone(zone, () => {
        for (const [seconds, expected] of CASES) {
          expect(formatRelative(new Date(Date.now() - seconds * 1000), new Date()), `${seconds} s in ${zone}`).toBe(expected);
        }
      });
    }
  });
});

describe("formatRelative in German", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  const ago = (seconds: number): Date => new Date(now.getTime() - seconds * 1000);

  it("reads in the page's language, not English", () => {
    expect(formatRelative(ago(30), now, "de")).toBe("gerade eben");
    expect(formatRelative(ago(5 * MINUTE), now, "de")).toBe("vor 5 Minuten");
    expect(formatRelative(ago(DAY), now, "de")).toBe("vor 1 Tag");
    expect(formatRelative(ago(DAY), now, "en")).toBe("1 day ago");
  });
});
