// Text from requests reaches the server log through error messages: SimpleWebAuthn quotes the
// clientDataJSON it was sent, and mail servers echo addresses. Written raw, a newline forges a
// log line and an escape sequence rewrites the operator's terminal, so every such piece goes
// through these helpers: one quoted line, control characters escaped, length capped.

const MAX_LOG_TEXT = 300;
// C0 and C1 controls, DEL, line and paragraph separators, bidi overrides and isolates.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const FRAME = /^\s+at [^\n]+$/;

/** `value` as one JSON-quoted line of at most `max` characters (plus a marker when cut). */
export function logText(value: unknown, max = MAX_LOG_TEXT): string {
  const text = typeof value === "string" ? value : String(value);
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  // JSON.stringify escapes C0 controls, quotes and lone surrogates; the rest is done here.
  return JSON.stringify(cut).replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * An error for the log: its name, its message escaped as above, and the stack frames (which
 * name only the portal's own files and functions), so a bug can still be traced.
 */
export function logError(error: unknown): string {
  if (!(error instanceof Error)) return logText(error);
  // V8 starts the stack with the message, which may hold lines that merely look like frames.
  const header = error.message ? `${error.name}: ${error.message}` : error.name;
  const stack = error.stack ?? "";
  const frames = (stack.startsWith(header) ? stack.slice(header.length) : stack)
    .split("\n")
    .filter((line) => FRAME.test(line))
    .map((line) => line.replace(UNSAFE, "?"));
  return [`${error.name}: ${logText(error.message)}`, ...frames].join("\n");
}
