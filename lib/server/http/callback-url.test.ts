import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-url";

describe("safeCallbackPath", () => {
  it.each([
    ["/account", "/account"],
    ["/", "/"],
    ["/account/passkeys?tab=security#recent", "/account/passkeys?tab=security#recent"],
    ["/a/b/../c", "/a/c"],
    ["/search?next=https://evil.example", "/search?next=https://evil.example"],
  ])("keeps the same-site path %j as %j", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });

  it.each([
    null,
    undefined,
    "",
    "account",
    "//evil.example",
    "//evil.example/account",
    "https://evil.example",
    "http://localhost:3000.evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    " /account",
  ])("falls back to /account for %j", (input) => {
    expect(safeCallbackPath(input)).toBe("/account");
  });

  // Dot-segment removal can turn "/.//evil.example" into "//evil.example", a protocol-relative
  // URL that redirect() and router.replace() would follow off-site (an open redirect).
  it.each(["/.//evil.example", "/..//evil.example", "/a/..//evil.example", "/%2e//evil.example"])(
    "never returns a protocol-relative URL for %j",
    (input) => {
      expect(safeCallbackPath(input)).not.toMatch(/^\/[/\\]/);
    },
  );
});
