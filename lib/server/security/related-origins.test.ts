import { describe, expect, it } from "vitest";
import { MAX_RELATED_ORIGIN_LABELS, registrableOriginLabel, relatedOriginProblems } from "./related-origins";

describe("registrableOriginLabel", () => {
  it.each([
    ["example.com", "example"],
    ["www.example.de", "example"],
    ["example.co.uk", "example"],
    ["shop.example.com.au", "example"],
    ["example.ne.jp", "example"],
    ["accounts.example.com.", "example"],
    // A three-letter brand under a country TLD is a name, not a public suffix.
    ["www.bmw.de", "bmw"],
    ["co.uk", "co"],
  ])("approximates %s as %s", (host, label) => {
    expect(registrableOriginLabel(host)).toBe(label);
  });

  it("has none for a single-label host", () => {
    expect(registrableOriginLabel("localhost")).toBeNull();
  });
});

describe("relatedOriginProblems", () => {
  const origins = [new URL("https://accounts.example.com")];
  const problemsOf = (related: string[], rpId = "example.com") => relatedOriginProblems(related.map((origin) => new URL(origin)), origins, rpId);

  it("accepts other sites, country domains of the same name included", () => {
    expect(problemsOf(["https://example.co.uk", "https://example.de", "https://exampledelivery.com", "https://login.example.sg:8443"])).toEqual([]);
  });

  it.each([
    ["https://accounts.example.com", /https:\/\/accounts\.example\.com is already in ORIGINS/],
    ["https://www.example.com", /https:\/\/www\.example\.com is within the RP ID "example\.com".*put it in ORIGINS/],
    ["https://example.com", /is within the RP ID/],
    ["https://192.0.2.10", /https:\/\/192\.0\.2\.10 is an IP address/],
    ["https://[2001:db8::1]", /is an IP address/],
  ])("refuses %s", (origin, message) => {
    const problems = problemsOf([origin]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it("refuses an origin listed twice, once", () => {
    expect(problemsOf(["https://example.de", "https://example.de", "https://example.de"])).toEqual(["RELATED_ORIGINS: https://example.de is listed more than once"]);
  });

  it("gives each bad entry its own sentence", () => {
    expect(problemsOf(["https://accounts.example.com", "https://example.de", "https://www.example.com"])).toHaveLength(2);
  });

  it(`accepts ${MAX_RELATED_ORIGIN_LABELS} site names, however many origins share them, and refuses a sixth`, () => {
    const five = ["https://example.de", "https://example.co.uk", "https://a-brand.com", "https://b-brand.de", "https://c-brand.fr", "https://d-brand.nl", "https://shop.d-brand.com"];
    expect(problemsOf(five)).toEqual([]);
    const [problem, ...others] = problemsOf([...five, "https://e-brand.com"]);
    expect(others).toEqual([]);
    expect(problem).toMatch(/spans 6 different registrable domain names \(example, a-brand, b-brand, c-brand, d-brand, e-brand\)/);
    expect(problem).toMatch(/browsers use only the first 5/);
  });
});
