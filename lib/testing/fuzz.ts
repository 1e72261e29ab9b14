// A small seeded generator of hostile input for the route fuzz test (app/api/fuzz.test.ts):
// the same seed gives the same requests, so a failure can be replayed with FUZZ_SEED.

/** mulberry32: a tiny, well-mixed 32-bit PRNG; good enough to pick test cases, not for secrets. */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** Strings that have broken parsers, databases and logs somewhere. */
export const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "x\ud83d",
  "\ud83d\ude00",
  "\u202eevil",
  "\u200b",
  "\r\nSet-Cookie: x=1",
  "\u001b[2J",
  "%ZZ",
  "%",
  "%E0%A4%A",
  "' OR 1=1 --",
  "'); DROP TABLE users; --",
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e309",
  "0b7e1c9a-2f4d-4f8e-9d2a-0c1b2a3d4e5f",
  "00000000-0000-0000-0000-000000000000",
  "ada@example.com",
  "ADA@EXAMPLE.COM ",
  "a@b",
  "@",
  "ABCD-EFGH-JKMN",
  "AAAA",
  "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0",
  "AA==",
  "x".repeat(300),
  "\u00e9".repeat(70),
  "A".repeat(20_000),
];

const NUMBERS: readonly number[] = [0, -0, 1, -1, 0.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, 4294967295];
const KEYS: readonly string[] = ["id", "name", "email", "code", "response", "type", "__proto__", "constructor", "prototype", "\u0000", "\ud800", ""];

/** A random JSON value, nested at most `depth` levels. */
export function jsonValue(random: Random, depth = 3): unknown {
  const kind = random.int(depth > 0 ? 7 : 5);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick(NUMBERS);
    case 3:
    case 4:
      return random.pick(HOSTILE_STRINGS);
    case 5:
      return Array.from({ length: random.int(4) }, () => jsonValue(random, depth - 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = random.int(4); i > 0; i -= 1) object[random.pick(KEYS)] = jsonValue(random, depth - 1);
      return object;
    }
  }
}

/**
 * A copy of `value` with one thing changed: a leaf replaced, a key removed or added, or the
 * whole value swapped for another type. Objects and arrays keep their other members, so most
 * mutants are near-misses that get past the first checks.
 */
export function mutate(random: Random, value: unknown): unknown {
  if (typeof value !== "object" || value === null || random.chance(0.1)) return jsonValue(random);
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0 || random.chance(0.15)) {
    (copy as Record<string, unknown>)[random.pick(KEYS)] = jsonValue(random);
    return copy;
  }
  const key = random.pick(keys);
  const record = copy as Record<string, unknown>;
  if (random.chance(0.15)) delete record[key];
  else record[key] = random.chance(0.6) ? mutate(random, record[key]) : jsonValue(random);
  return copy;
}

/** Bodies no schema could expect: not JSON, truncated, enormous, deep, or not UTF-8. */
export function rawBody(random: Random): string | Uint8Array {
  const options: (() => string | Uint8Array)[] = [
    () => "",
    () => "{",
    () => '{"email":',
    () => "null",
    () => "[]",
    () => '"text"',
    () => "1e999",
    () => "\ufeff{}",
    () => " ".repeat(10_000),
    () => `${"[".repeat(5000)}${"]".repeat(5000)}`,
    () => `${'{"a":'.repeat(3000)}1${"}".repeat(3000)}`,
    () => JSON.stringify({ big: "x".repeat(70_000) }),
    () => '{"name":"\\ud800","email":"\\udc00@example.com"}',
    () => '{"__proto__":{"admin":true},"constructor":{"prototype":{}}}',
    () => new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x80, 0x22, 0x7d]),
    () => new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
  ];
  return random.pick(options)();
}

/** base64url text that decodes to something other than what the field should hold. */
export function brokenBase64url(random: Random, valid: string): string {
  const options: (() => string)[] = [
    () => valid.slice(0, Math.max(1, random.int(valid.length))),
    () => `${valid}==`,
    () => valid.replace(/[-_]/g, "+"),
    () => `${valid}$`,
    () => "A",
    () => "A".repeat(1 + random.int(3000)),
    () => Buffer.from(random.pick(HOSTILE_STRINGS)).toString("base64url") || "AA",
    () => Buffer.from(valid, "base64url").subarray(0, random.int(40)).toString("base64url") || "AA",
  ];
  return random.pick(options)();
}
