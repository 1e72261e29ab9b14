// The requests of the route fuzz test (app/api/fuzz.test.ts), built from lib/testing/fuzz.ts:
// hostile headers and cookies, tampered ceremony responses, and the checks every answer must pass.
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { deviceCookieName, sessionCookieName } from "../server/http/cookies";
import { env } from "../server/platform/env";
import { SENTENCE } from "./refusals";
import { ORIGIN, TEST_DEVICE_COOKIE } from "./route-harness";
import { brokenBase64url, HOSTILE_STRINGS, jsonValue, mutate, type Random, rawBody } from "./fuzz";

/** Tampering a ceremony response the way a hostile client could. */
export function tamperCeremony(random: Random, body: { response: Record<string, unknown> }): unknown {
  const response = structuredClone(body.response);
  const inner = response.response as Record<string, string | string[] | undefined>;
  const clientData = JSON.parse(Buffer.from(String(inner.clientDataJSON), "base64url").toString("utf8")) as Record<string, unknown>;
  const encode = (value: unknown): string => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
  const edits: (() => void)[] = [
    () => (inner.clientDataJSON = encode({ ...clientData, crossOrigin: true })),
    () => (inner.clientDataJSON = encode({ ...clientData, crossOrigin: true, topOrigin: "https://evil.example" })),
    () => (inner.clientDataJSON = encode({ ...clientData, type: random.pick(["webauthn.create", "webauthn.get", "payment.get", 7]) })),
    () => (inner.clientDataJSON = encode({ ...clientData, challenge: random.pick(HOSTILE_STRINGS) })),
    () => (inner.clientDataJSON = encode({ ...clientData, origin: random.pick(["https://evil.example", "null", "\u0000", "http://localhost:3000\n"]) })),
    () => (inner.clientDataJSON = encode(random.pick(["not json", "[]", "null", '{"challenge":{}}', `${'{"a":'.repeat(2000)}1${"}".repeat(2000)}`]))),
    () => {
      const field = random.pick(Object.keys(inner).filter((key) => typeof inner[key] === "string"));
      inner[field] = brokenBase64url(random, String(inner[field]));
    },
    () => {
      const field = inner.attestationObject ? "attestationObject" : "authenticatorData";
      const bytes = isoBase64URL.toBuffer(String(inner[field]));
      inner[field] = isoBase64URL.fromBuffer(bytes.subarray(0, random.int(bytes.length))) || "AA";
    },
    () => {
      const id = random.chance(0.5) ? "A".repeat(1364 + random.int(3000)) : brokenBase64url(random, String(response.id));
      response.id = id;
      response.rawId = random.chance(0.7) ? id : response.rawId;
    },
    () => (inner.transports = random.pick([["usb\u0000"], ["\ud800"], ["x".repeat(40)], Array(20).fill("usb"), "usb" as unknown as string[], [7 as unknown as string]])),
    () => (inner.userHandle = random.pick([undefined, "", "AAAA", "A".repeat(5000), "%%%"])),
  ];
  random.pick(edits)();
  return { response };
}

/**
 * A body for one request: raw text that is not what JSON parsers expect, a random JSON value, a
 * tampered ceremony response, or a near-miss mutant of the route's well-formed body.
 */
export function fuzzBody(random: Random, template: unknown): { text?: string | Uint8Array; value?: unknown } {
  const roll = random.next();
  if (roll < 0.2) return { text: rawBody(random) };
  if (roll < 0.3) return { value: jsonValue(random) };
  if (template && typeof template === "object" && "response" in template && roll < 0.75) {
    return { value: tamperCeremony(random, template as { response: Record<string, unknown> }) };
  }
  if (template === undefined) return { value: jsonValue(random) };
  return { value: random.chance(0.1) ? template : mutate(random, template) };
}

// Header values must be ByteStrings without CR, LF or NUL, or the Request cannot even be built.
const HEADER_SAFE = HOSTILE_STRINGS.filter((text) => /^[\u0020-\u007e\u0080-\u00ff]*$/.test(text));

function cookieHeader(random: Random, sessionToken: string | null): string | null {
  const session = sessionCookieName(env().secure);
  const device = deviceCookieName(env().secure);
  const junk = (): string => random.pick(["%ZZ", "%", "%E0%A4%A", "", "a".repeat(5000), "eyJhbGciOiJkaXIifQ..x.y.z", ...HEADER_SAFE]);
  const parts: string[] = [];
  if (sessionToken) {
    const valid = `${session}=${sessionToken}`;
    if (random.chance(0.75)) parts.push(valid);
    else parts.push(random.chance(0.5) ? `${session}=${junk()}; ${valid}` : `${valid}; ${session}=${junk()}`);
  } else if (random.chance(0.5)) {
    parts.push(`${session}=${junk()}`);
  }
  // Often the test browser's own device cookie, which the ceremony templates' challenges are bound to.
  if (random.chance(0.8)) parts.push(random.chance(0.6) ? TEST_DEVICE_COOKIE : `${device}=${random.chance(0.5) ? junk() : "AAAAAAAAAAAAAAAAAAAAAA"}`);
  if (random.chance(0.1)) parts.push(random.pick(["=;;;=", ";", "=%ZZ", "x=%"]));
  return parts.length > 0 ? parts.join("; ") : null;
}

/**
 * Headers for one request: mostly what the portal's pages send, with odd origins, content types,
 * X-Forwarded-For, user agents and malformed, duplicated or oversized cookies mixed in. With a
 * session token the request is signed in (most of the time: some cookies spoil it).
 */
export function fuzzHeaders(random: Random, sessionToken: string | null): Headers {
  const headers = new Headers({ "content-type": "application/json", origin: ORIGIN });
  const cookie = cookieHeader(random, sessionToken);
  if (cookie) headers.set("cookie", cookie);
  if (random.chance(0.15)) {
    const origin = random.pick([null, "null", "https://evil.example", `${ORIGIN}/`, "http://localhost:3000.evil.example", "HTTP://LOCALHOST:3000"]);
    if (origin === null) headers.delete("origin");
    else headers.set("origin", origin);
    if (random.chance(0.5)) headers.set("sec-fetch-site", random.pick(["same-origin", "cross-site", "same-site", "none", "%ZZ"]));
  }
  if (random.chance(0.2)) {
    const type = random.pick([null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "%ZZ"]);
    if (type === null) headers.delete("content-type");
    else headers.set("content-type", type);
  }
  if (random.chance(0.3)) {
    headers.set(
      "x-forwarded-for",
      random.pick(["unknown", "203.0.113.5:443", "[2001:db8::1]", "2001:db8::1, 2001:db8::2", "999.1.1.1", "::ffff:203.0.113.9", " , ,", `${"1.2.3.4, ".repeat(500)}5.6.7.8`, ...HEADER_SAFE]),
    );
  }
  if (random.chance(0.2)) headers.set("user-agent", random.pick(["", "x".repeat(9000), ...HEADER_SAFE]));
  if (random.chance(0.05)) headers.set("content-length", random.pick(["-1", "abc", "99999999999", "0"]));
  return headers;
}

const STACK = /\n\s+at |\bat [\w.<>]+ \(|\.(ts|js):\d+:\d+/;
const SQL = /\b(select\s.+\sfrom|insert into|delete from|update\s.+\sset|violates|constraint|syntax error|invalid input syntax|relation "|column ")/i;

/**
 * What is wrong with an answer, if anything: a 5xx, a body that is not JSON, a stack trace,
 * Prisma or SQL in it, or a refusal without a sentence and a code.
 */
export function problemsWithAnswer(status: number, contentType: string, text: string): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`status ${status}`);
  if (/prisma/i.test(text)) problems.push("mentions Prisma");
  if (STACK.test(text)) problems.push("carries a stack trace");
  if (!contentType.includes("application/json")) return [...problems, `content type ${contentType || "none"}`];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [...problems, "body is not JSON"];
  }
  if (status >= 400) {
    const { error, code } = (body ?? {}) as { error?: unknown; code?: unknown };
    if (typeof error !== "string" || !SENTENCE.test(error)) problems.push("refusal without a sentence");
    if (typeof code !== "string") problems.push("refusal without a code");
    if (SQL.test(text)) problems.push("carries SQL");
  }
  return problems;
}
