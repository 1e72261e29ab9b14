import { env } from "./env";

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
 * The client's IP address from X-Forwarded-For. Each trusted proxy appends the address it saw,
 * and Next.js fills the header in with the socket's address when nothing did, so the entry
 * `trustedProxies` from the right is the nearest one nobody could forge.
 */
export function clientIp(forwardedFor: string | null, trustedProxies = env().trustedProxies): string | null {
  if (!forwardedFor) return null;
  const hops = forwardedFor.split(",").map((part) => part.trim()).filter(Boolean);
  if (hops.length === 0) return null;
  const index = Math.max(0, hops.length - Math.max(1, trustedProxies));
  const ip = hops[index].replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return ip.length <= 64 ? ip : null;
}

export function clientInfo(headers: HeaderSource): ClientInfo {
  const userAgent = readHeader(headers, "user-agent");
  return {
    ipAddress: clientIp(readHeader(headers, "x-forwarded-for")),
    userAgent: userAgent ? userAgent.slice(0, 512) : null,
  };
}
