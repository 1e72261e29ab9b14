import { describe, expect, it } from "vitest";
import { formatRelative } from "./relative-time";

const now = new Date("2026-11-25T12:00:00Z");
const ago = (seconds: number): Date => new Date(now.getTime() - seconds * 1000);

describe("formatRelative", () => {
  it.each([
    [5, "just now"],
    [59, "just now"],
    [60, "1 minute ago"],
    [5 * 60, "5 minutes ago"],
    [3 * 3600, "3 hours ago"],
    [24 * 3600, "yesterday"],
    [3 * 24 * 3600, "3 days ago"],
    [14 * 24 * 3600, "2 weeks ago"],
    [400 * 24 * 3600, "last year"],
  ])("%i seconds ago reads %j", (seconds, expected) => {
    expect(formatRelative(ago(seconds), now)).toBe(expected);
  });
});
