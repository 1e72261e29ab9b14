import { afterEach, describe, expect, it } from "vitest";
import { captureLog, type CapturedLog } from "../../testing/log-capture";
import { asJob, log, withLogContext } from "./log";

let captured: CapturedLog;

function logged(write: () => void): Record<string, unknown> {
  captured = captureLog("debug");
  write();
  captured.stop();
  const entries = captured.entries();
  expect(entries).toHaveLength(1);
  return entries[0];
}

afterEach(() => captured?.stop());

describe("log fields", () => {
  it.each([
    ["a newline that would forge a log line", "origin\n2026-12-02 INFO admin signed in", "\\u000a"],
    ["a carriage return", "a\rb", "\\u000d"],
    ["a terminal escape sequence", "a\u001b[2Kb", "\\u001b"],
    ["a C1 control", "a\u009bb", "\\u009b"],
    ["a Unicode line separator", "a\u2028b", "\\u2028"],
    ["a bidi override", "a\u202eb", "\\u202e"],
    ["a lone surrogate", "a\ud800b", "\\ud800"],
  ])("spell out %s, so the value stays one line even once decoded", (_label, input, escaped) => {
    const entry = logged(() => log.warn("Something was refused", { reason: input }));
    expect(entry.reason).toContain(escaped);
    expect(entry.reason).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(captured.text()).not.toMatch(/[\r\u2028\u001b]/);
    expect(captured.text().trimEnd()).not.toContain("\n");
  });

  it("keep characters that are harmless, quotes included", () => {
    expect(logged(() => log.info("x", { reason: 'say "hi" — ok ✓ 🙂' })).reason).toBe('say "hi" — ok ✓ 🙂');
  });

  it("are cut at 300 characters, and say so", () => {
    expect(logged(() => log.info("x", { reason: "x".repeat(1000) })).reason).toBe(`${"x".repeat(300)}…`);
  });

  it("replace email addresses, which mail servers quote in their refusals", () => {
    const entry = logged(() => log.warn("x", { reason: "550 <Someone.Else+tag@mail.example.co.uk>: mailbox unavailable (someone@example.com)" }));
    expect(entry.reason).toBe("550 <[email]>: mailbox unavailable ([email])");
  });

  it("keep numbers, booleans and null as they are, and leave undefined out", () => {
    expect(logged(() => log.info("x", { count: 3, ok: true, none: null, missing: undefined }))).toMatchObject({ count: 3, ok: true, none: null });
    expect(Object.keys(captured.entries()[0])).not.toContain("missing");
  });
});

describe("errors in the log", () => {
  it("keep the stack frames but escape the message, so a forged frame inside it stays part of the message", () => {
    const error = new Error("bad origin\n    at forged (/etc/passwd:1:1)\u001b[2K");
    const entry = logged(() => log.error("Unexpected error", { error }));
    const written = entry.error as { type: string; message: string; stack: string[] };
    expect(written.type).toBe("Error");
    expect(written.message).toBe("bad origin\\u000a    at forged (/etc/passwd:1:1)\\u001b[2K");
    expect(written.stack.length).toBeGreaterThan(0);
    for (const frame of written.stack) expect(frame).toMatch(/^at /);
    expect(written.stack.join("\n")).not.toContain("forged");
  });

  it("write a thrown non-error as escaped text", () => {
    expect(logged(() => log.error("x", { error: "plain\nstring" })).error).toBe("plain\\u000astring");
  });
});

describe("log context", () => {
  it("tags a line with the request or job being served, through awaits", async () => {
    captured = captureLog("info");
    await withLogContext({ requestId: "req-1" }, async () => {
      await Promise.resolve();
      log.info("in a request");
    });
    await asJob("housekeeping", async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.info("in a job");
    });
    log.info("outside");
    captured.stop();

    const [request, job, outside] = captured.entries();
    expect(request).toMatchObject({ level: "info", msg: "in a request", requestId: "req-1" });
    expect(job).toMatchObject({ msg: "in a job", job: "housekeeping", jobId: expect.any(String) });
    expect(job).not.toHaveProperty("requestId");
    expect(outside).not.toHaveProperty("requestId");
    expect(new Date(String(request.time)).toISOString()).toBe(request.time);
  });

  it("writes nothing below the level", () => {
    captured = captureLog("warn");
    log.info("not written");
    log.debug("not written");
    captured.stop();
    expect(captured.text()).toBe("");
  });
});
