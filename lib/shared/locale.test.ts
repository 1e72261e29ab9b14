import { describe, expect, it } from "vitest";
import { negotiateLocale } from "./locale";

describe("negotiateLocale", () => {
  it("uses a valid cookie before the browser's languages", () => {
    expect(negotiateLocale("de", "en-US,en;q=0.9")).toBe("de");
    expect(negotiateLocale("en", "de-DE")).toBe("en");
  });

  it("ignores a cookie naming a language we don't have", () => {
    expect(negotiateLocale("fr", "de-AT,de;q=0.9")).toBe("de");
  });

  it("picks the highest-weighted language we have, by its primary tag", () => {
    expect(negotiateLocale(undefined, "fr-CH, fr;q=0.9, de;q=0.8, en;q=0.7")).toBe("de");
    expect(negotiateLocale(undefined, "en;q=0.5, de-CH;q=0.6")).toBe("de");
    expect(negotiateLocale(undefined, "de;q=0, en")).toBe("en");
  });

  it("falls back to English for no header, a garbled one, or only other languages", () => {
    expect(negotiateLocale(undefined, undefined)).toBe("en");
    expect(negotiateLocale(null, ";;;,q=x")).toBe("en");
    expect(negotiateLocale(undefined, "fr, ja;q=0.8")).toBe("en");
  });
});
