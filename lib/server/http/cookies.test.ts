import { describe, expect, it } from "vitest";
import { MAX_COOKIE_VALUE_BYTES, requestCookie } from "./cookies";

function withCookie(header: string): Request {
  return new Request("http://localhost:3000/api/test", { headers: { cookie: header } });
}

describe("requestCookie", () => {
  it("reads a cookie among others and decodes its percent-encoding", () => {
    const request = withCookie("theme=dark; portal.device=abc%2Fdef; other=1");
    expect(requestCookie(request, "portal.device")).toBe("abc/def");
    expect(requestCookie(request, "other")).toBe("1");
    expect(requestCookie(request, "missing")).toBeUndefined();
    expect(requestCookie(new Request("http://localhost:3000/"), "portal.device")).toBeUndefined();
  });

  it("does not mistake a cookie whose name merely ends with the name for it", () => {
    expect(requestCookie(withCookie("x-portal.device=evil; portal.device=good"), "portal.device")).toBe("good");
  });

  // decodeURIComponent throws on these: the 500s the black-box run found.
  it.each([["%ZZ"], ["%"], ["%E0%A4%A"], ["abc%ED%A0%80"], ["%C0%AF"]])("treats the malformed value %s as no cookie, never throwing", (value) => {
    const request = withCookie(`portal.device=${value}; other=still-readable`);
    expect(() => requestCookie(request, "portal.device")).not.toThrow();
    expect(requestCookie(request, "portal.device")).toBeUndefined();
    expect(requestCookie(request, "other")).toBe("still-readable");
  });

  it(`treats a value over ${MAX_COOKIE_VALUE_BYTES} bytes as no cookie`, () => {
    expect(requestCookie(withCookie(`big=${"a".repeat(MAX_COOKIE_VALUE_BYTES)}`), "big")).toHaveLength(MAX_COOKIE_VALUE_BYTES);
    expect(requestCookie(withCookie(`big=${"a".repeat(MAX_COOKIE_VALUE_BYTES + 1)}`), "big")).toBeUndefined();
    // Counted in bytes, not characters: a header byte above 0x7F becomes a two-byte character.
    expect(requestCookie(withCookie(`big=${"\u00e9".repeat(2100)}`), "big")).toBeUndefined();
  });

  it("reads the first of two cookies with the same name, as every reader in the portal does", () => {
    expect(requestCookie(withCookie("portal.session=first; portal.session=second"), "portal.session")).toBe("first");
  });

  it("does not fall back to a second copy when the first is malformed", () => {
    expect(requestCookie(withCookie("portal.session=%ZZ; portal.session=second"), "portal.session")).toBeUndefined();
  });
});
