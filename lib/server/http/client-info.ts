import { isIP } from "node:net";
import { env } from "../platform/env";

/** Who made a request, as recorded on sessions and security events. */
export interface ClientInfo {
  ipAddress: string | null;
  userAgent: string | null;
}

type HeaderSource = Headers | Record<string, unknown> | undefined | null;

function readHeader(headers: HeaderSource, name: string): string | null {
  if (!headers) return null;
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name];
  if (typeof value === "string") return value;
  return Array.isArray(value) && typeof value[0] === "string" ? value[0] : null;
}

/**
 * The client's IP address from X-Forwarded-For, in canonical form, or null when the trusted
 * entry is missing or is not an IP address. Each trusted proxy appends the address it saw, so
 * the entry `trustedProxies` from the right is the nearest one nobody could forge. With
 * TRUSTED_PROXIES=0 (no proxy) `npm start` writes the connection's own address into the
 * header (scripts/serve.mjs), so the rightmost entry is that address too.
 */
export function clientIp(forwardedFor: string | null, trustedProxies = env().trustedProxies): string | null {
  if (!forwardedFor) return null;
  const hops = forwardedFor.split(",").map((part) => part.trim()).filter(Boolean);
  if (hops.length === 0) return null;
  const index = Math.max(0, hops.length - Math.max(1, trustedProxies));
  return canonicalIp(hops[index]);
}

/**
 * An IP address in one spelling per address: IPv4 dotted quad, IPv4-mapped IPv6 as IPv4,
 * other IPv6 fully lowercased and compressed (RFC 5952). Anything else is null: a port, a
 * hostname, a zone ID, "unknown". One spelling matters because the per-IP rate limits count
 * by it.
 */
export function canonicalIp(value: string): string | null {
  if (value.length > 45) return null;
  const family = isIP(value);
  if (family === 4) return value;
  if (family !== 6 || value.includes("%")) return null;
  const groups = ipv6Groups(value);
  if (groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join(".");
  }
  return formatIpv6(groups);
}

/**
 * The key per-IP rate limits count by: the address itself for IPv4, its /64 network for IPv6,
 * since one subscriber usually holds a whole /64 and could otherwise use a fresh address for
 * every request. Sessions and activity keep the full address.
 */
export function rateLimitAddress(ip: string): string {
  const canonical = canonicalIp(ip);
  if (!canonical || isIP(canonical) === 4) return canonical ?? ip;
  const groups = ipv6Groups(canonical);
  return `${formatIpv6([...groups.slice(0, 4), 0, 0, 0, 0])}/64`;
}

/** The eight 16-bit groups of an address isIP() accepted as IPv6. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(tail === null ? 0 : missing).fill("0"), ...right].map((group) => parseInt(group, 16));
}

/** RFC 5952: lowercase, no leading zeros, the longest run (two or more) of zero groups as "::". */
function formatIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start += 1) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length += 1;
    if (length > bestLength) [bestStart, bestLength] = [start, length];
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

export function clientInfo(headers: HeaderSource): ClientInfo {
  const userAgent = readHeader(headers, "user-agent");
  return {
    ipAddress: clientIp(readHeader(headers, "x-forwarded-for")),
    userAgent: userAgent ? userAgent.slice(0, 512) : null,
  };
}
