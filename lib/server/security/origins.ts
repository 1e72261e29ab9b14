// Pure parsing of the ORIGINS and RELATED_ORIGINS settings, shared by lib/server/platform/env.ts
// (full validation at boot) and proxy.ts (origin checks on every request). No file or database
// access, so the proxy can import it without touching the auth secret.

export const LOCAL_HOSTS: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "[::1]"]);

type OriginSetting = "ORIGINS" | "RELATED_ORIGINS";

function parseOrigin(value: string, setting: OriginSetting): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${setting}: "${value}" is not a URL (expected e.g. ${EXAMPLES[setting]})`);
  }
  if (url.origin !== value.replace(/\/$/, "")) {
    throw new Error(`${setting}: "${value}" must be a bare origin (scheme, host and port only)`);
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) {
    throw new Error(`${setting}: "${value}" must use https (plain http is only allowed for localhost)`);
  }
  return url;
}

const EXAMPLES: Record<OriginSetting, string> = {
  ORIGINS: "https://accounts.example.com",
  RELATED_ORIGINS: "https://example.co.uk",
};

function entries(value: string | undefined): string[] {
  return (value ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
}

/**
 * The portal's origins from a comma-separated ORIGINS value (the first is canonical), or
 * `http://localhost:<port>` when it is unset or empty. Throws one clear message per bad entry.
 */
export function parseOrigins(origins: string | undefined, port: number | string): URL[] {
  const list = origins?.trim() ? entries(origins) : [`http://localhost:${port}`];
  if (list.length === 0) throw new Error("ORIGINS: lists no origin (expected e.g. https://accounts.example.com)");
  return list.map((value) => parseOrigin(value, "ORIGINS"));
}

/**
 * The other sites allowed to use the portal's RP ID, from a comma-separated RELATED_ORIGINS
 * value (none when unset). Each entry must parse like an ORIGINS entry; every bad entry gets its
 * own message. How they relate to ORIGINS and the RP ID is checked in ./related-origins.ts.
 */
export function parseRelatedOrigins(related: string | undefined): { urls: URL[]; problems: string[] } {
  const urls: URL[] = [];
  const problems: string[] = [];
  for (const value of entries(related)) {
    try {
      urls.push(parseOrigin(value, "RELATED_ORIGINS"));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return { urls, problems };
}

/**
 * Every origin a request may come from, as configured in `source`: ORIGINS (else localhost on
 * PORT or 3000; the first is canonical), then RELATED_ORIGINS.
 */
export function originsFromEnv(source: Record<string, string | undefined> = process.env): string[] {
  const served = parseOrigins(source.ORIGINS, source.PORT || 3000).map((url) => url.origin);
  return [...served, ...parseRelatedOrigins(source.RELATED_ORIGINS).urls.map((url) => url.origin)];
}
