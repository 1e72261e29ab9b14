import { describe, expect, it } from "vitest";
import { passkeyNameSchema } from "./validation";
import { apiErrorMessage, isApiErrorKey } from "../platform/errors";

const EMPTY = "Give the passkey a name.";
const TOO_LONG = "A passkey name can be at most 64 characters.";
const INVISIBLE = "A passkey name can only contain visible characters.";

/** The English sentence the route answers with (the schema's messages are keys). */
function firstMessage(input: unknown): string | undefined {
  const key = passkeyNameSchema.safeParse(input).error?.issues[0]?.message;
  return isApiErrorKey(key) ? apiErrorMessage("en", key) : key;
}

describe("passkeyNameSchema", () => {
  it.each([
    ["Work laptop", "Work laptop"],
    ["  YubiKey \t\n 5C  ", "YubiKey 5C"],
    ["Ｐｈｏｎｅ", "Phone"],
    ["Téléphone de Zoë", "Téléphone de Zoë"],
    ["🔑 Keychain", "🔑 Keychain"],
    ["会社のパソコン", "会社のパソコン"],
  ])("normalizes %j to %j", (input, expected) => {
    expect(passkeyNameSchema.parse(input)).toBe(expected);
  });

  it("counts the limit after trimming: 64 characters pass, 65 do not", () => {
    expect(passkeyNameSchema.parse(`\t ${"k".repeat(64)} \n`)).toBe("k".repeat(64));
    expect(firstMessage("k".repeat(65))).toBe(TOO_LONG);
  });

  it("refuses an oversized body before normalizing it, with the same message", () => {
    expect(firstMessage(" ".repeat(300))).toBe(TOO_LONG);
  });

  it.each(["", " ", "\t\r\n", "\u00a0\u2003\u3000"])("refuses the blank name %j", (input) => {
    expect(firstMessage(input)).toBe(EMPTY);
  });

  it.each(["\u200b", "\u200b\u200c\u200d", "\u2060\ufeff"])("refuses a name made only of zero-width characters %j", (input) => {
    expect(firstMessage(input)).toBe(EMPTY);
  });

  // NUL is refused by PostgreSQL (a 500); other controls corrupt logs; bidi overrides and
  // isolates make "Work\u202Egnp.exe" display as something else.
  it.each(["Key\u0000", "Key\u0007", "Key\u001b[31m", "Key\u007f", "Key\u0085", "Work\u202egnp.exe", "A\u2066B\u2069"])(
    "refuses %j as invisible",
    (input) => {
      expect(firstMessage(input)).toBe(INVISIBLE);
    },
  );

  it.each([42, null, undefined, true, ["Phone"], { name: "Phone" }])("refuses the non-string %j", (input) => {
    expect(firstMessage(input)).toBe(EMPTY);
  });

  // Letters that render as blank (Hangul and Braille fillers) must not make a name look empty.
  it.each(["\u3164", "\u2800", "\u3164 \u2800"])("refuses a name that renders blank: %j", (input) => {
    expect(firstMessage(input)).toBe(EMPTY);
  });
});
