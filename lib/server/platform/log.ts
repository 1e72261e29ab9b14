// The server log: one JSON object per line on stdout (pino), for a log collector to index.
// Every line written while a request or a background job runs carries its ID (`requestId`, or
// `job` and `jobId`), taken from an AsyncLocalStorage context, so domain code logs without
// passing IDs around. No personal data is logged: no email, name, IP address, user agent, token
// or credential ID; where an identifier helps, `hashedId` gives a keyed digest of it.
//
// Text from requests reaches the log through error messages: SimpleWebAuthn quotes the
// clientDataJSON it was sent, and mail servers echo addresses. JSON quoting stops a newline from
// forging a line, and the helpers below also escape what JSON leaves raw (C1 controls, line
// separators, bidi overrides) and cap the length.
// No "server-only" here: proxy.ts loads it (through database-availability.ts).
import { AsyncLocalStorage } from "node:async_hooks";
import { createHmac, hkdfSync, randomUUID } from "node:crypto";
import pino, { type DestinationStream, type Logger } from "pino";
import { env, type LogLevel } from "./env";

const MAX_LOG_TEXT = 300;
// C0 and C1 controls, DEL, line and paragraph separators, bidi overrides and isolates.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const FRAME = /^\s+at [^\n]+$/;
// Mail servers quote the recipient in their refusals: addresses never reach the log.
const EMAIL_ADDRESS = /[^\s<>()"',;:@]+@[^\s<>()"',;:@]+\.[^\s<>()"',;:@]+/g;

const escapeUnsafe = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * `value` as a log field: email addresses replaced, cut to `max` characters (plus a marker when
 * cut), and what JSON leaves raw (controls, separators, bidi overrides, lone surrogates) escaped.
 */
function fieldText(value: unknown, max = MAX_LOG_TEXT): string {
  const text = String(value).replace(EMAIL_ADDRESS, "[email]");
  return (text.length > max ? `${text.slice(0, max)}…` : text)
    .replace(UNSAFE, escapeUnsafe)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, escapeUnsafe);
}

/**
 * The stack frames of an error (they name only the portal's own files and functions). V8 starts
 * the stack with the message, which may hold lines that merely look like frames: skipped.
 */
function stackFrames(error: Error): string[] {
  const header = error.message ? `${error.name}: ${error.message}` : error.name;
  const stack = error.stack ?? "";
  return (stack.startsWith(header) ? stack.slice(header.length) : stack)
    .split("\n")
    .filter((line) => FRAME.test(line))
    .map((line) => line.trim().replace(UNSAFE, "?"));
}

/** Who a log line belongs to: the request or the background job being served. */
export type LogContext = { requestId: string } | { job: string; jobId: string };
export type LogFields = Record<string, unknown>;

// On globalThis: instrumentation, proxy.ts and the route handlers are separate bundles with
// separate copies of this module, but one process, one stdout and one context per request.
interface LogState {
  context: AsyncLocalStorage<LogContext>;
  logger?: Logger;
  destination?: DestinationStream;
  level?: LogLevel;
}
const holder = globalThis as unknown as { portalLog?: LogState };

function state(): LogState {
  holder.portalLog ??= { context: new AsyncLocalStorage<LogContext>() };
  return holder.portalLog;
}

function logger(): Logger {
  const current = state();
  current.logger ??= pino(
    {
      level: current.level ?? env().logLevel,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => current.context.getStore() ?? {},
    },
    current.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  return current.logger;
}

/** Runs `work` with every log line it writes (awaited work included) tagged with `context`. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return state().context.run(context, work);
}

/** Runs one pass of a background job (`outbox`, `housekeeping`…) under a fresh job ID. */
export function asJob<T>(job: string, work: () => T): T {
  return withLogContext({ job, jobId: randomUUID() }, work);
}

/**
 * Sends the log to `destination` at `level` instead of stdout at LOG_LEVEL (tests read what a
 * request logged); called without arguments, back to stdout.
 */
export function redirectLog(destination?: DestinationStream, level?: LogLevel): void {
  const current = state();
  current.destination = destination;
  current.level = level;
  current.logger = undefined;
}

function errorField(error: Error): LogFields {
  return { type: fieldText(error.name, 100), message: fieldText(error.message), stack: stackFrames(error) };
}

function safeFields(fields: LogFields): LogFields {
  const safe: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (value instanceof Error) safe[key] = errorField(value);
    else if (typeof value === "number" || typeof value === "boolean" || value === null) safe[key] = value;
    else safe[key] = fieldText(value);
  }
  return safe;
}

type Level = "debug" | "info" | "warn" | "error";

function write(level: Level, message: string, fields?: LogFields): void {
  const target = logger();
  if (!target.isLevelEnabled(level)) return;
  target[level](fields ? safeFields(fields) : {}, message);
}

/**
 * The portal's log. `message` is fixed text (what happened); what varies goes in `fields`:
 * strings are cut and escaped, an Error becomes its type, message and stack frames. Personal
 * data never goes in: pass `hashedId(...)` where an identifier helps.
 */
export const log = {
  debug: (message: string, fields?: LogFields): void => write("debug", message, fields),
  info: (message: string, fields?: LogFields): void => write("info", message, fields),
  warn: (message: string, fields?: LogFields): void => write("warn", message, fields),
  error: (message: string, fields?: LogFields): void => write("error", message, fields),
};

let hashKey: { secret: string; key: Buffer } | undefined;

/**
 * A keyed digest of an identifier (an account ID, say) for the log: lines about the same one
 * can be matched, but without the server secret nobody can tell whose it is, nor confirm a guess.
 * The key is derived from AUTH_SECRET for this one use (HKDF); 96 bits, plenty to tell apart.
 */
export function hashedId(value: string): string {
  const { authSecret } = env();
  if (hashKey?.secret !== authSecret) {
    hashKey = { secret: authSecret, key: Buffer.from(hkdfSync("sha256", authSecret, "", "passkey-portal log identifiers", 32)) };
  }
  return createHmac("sha256", hashKey.key).update(value).digest("base64url").slice(0, 16);
}
