import { describe, expect, it } from "vitest";
import { logError, logText } from "./log";

describe("logText", () => {
  it.each([
    ["a newline that would forge a log line", "origin\n2026-12-02 INFO admin signed in", "\\n"],
    ["a carriage return", "a\rb", "\\r"],
    ["a terminal escape sequence", "a\u001b[2Kb", "\\u001b"],
    ["a C1 control", "a\u009bb", "\\u009b"],
    ["a Unicode line separator", "a\u2028b", "\\u2028"],
    ["a bidi override", "a\u202eb", "\\u202e"],
    ["a lone surrogate", "a\ud800b", "\\ud800"],
  ])("escapes %s", (_label, input, escaped) => {
    const line = logText(input);
    expect(line).toContain(escaped);
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(line.startsWith('"')).toBe(true);
  });

  it("quotes the text, so where it starts and ends is never in doubt", () => {
    expect(logText('say "hi"')).toBe('"say \\"hi\\""');
  });

  it("cuts long text and says so", () => {
    expect(logText("x".repeat(1000))).toBe(`"${"x".repeat(300)}…"`);
    expect(logText("x".repeat(20), 10)).toBe(`"${"x".repeat(10)}…"`);
  });

  it("writes non-strings as text", () => {
    expect(logText(42)).toBe('"42"');
    expect(logText(undefined)).toBe('"undefined"');
  });
});

describe("logError", () => {
  it("keeps the stack frames but escapes the message, so a forged frame inside it stays on the message's line", () => {
    const error = new Error("bad origin\n    at forged (/etc/passwd:1:1)\u001b[2K");
    const lines = logError(error).split("\n");
    expect(lines[0]).toBe('Error: "bad origin\\n    at forged (/etc/passwd:1:1)\\u001b[2K"');
    expect(lines.length).toBeGreaterThan(1);
    for (const frame of lines.slice(1)) expect(frame).toMatch(/^\s+at /);
    expect(lines.slice(1).join("\n")).not.toContain("forged");
  });

  it("writes a thrown non-error as escaped text", () => {
    expect(logError("plain\nstring")).toBe('"plain\\nstring"');
  });
});
