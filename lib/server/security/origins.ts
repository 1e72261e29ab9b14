// Pure parsing of the ORIGINS setting, shared by lib/server/platform/env.ts (full validation at boot) and
// proxy.ts (origin checks on every request). No file or database access, so the proxy can
// import it without touching the auth secret.

export const LOCAL_HOSTS: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "[::1]"]);

function parseOrigin(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`ORIGINS: "${value}" is not a URL (expected e.g. https://accounts.example.com)`);
  }
  if (url.origin !== value.replace(/\/$/, "")) {
    throw new Error(`ORIGINS: "${value}" must be a bare origin (scheme, host and port only)`);
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) {
    throw new Error(`ORIGINS: "${value}" must use https (plain http is only allowed for localhost)`);
  }
  return url;
}

/**
 * The portal's origins from a comma-separated ORIGINS value (the first is canonical), or
 * `http://localhost:<port>` when it is unset or empty. Throws one clear message per bad entry.
 */
export function parseOrigins(origins: string | undefined, port: number | string): URL[] {
  const list = origins?.trim()
    ? origins.split(",").map((o) => o.trim()).filter(Boolean)
    : [`http://localhost:${port}`];
  if (list.length === 0) throw new Error("ORIGINS: lists no origin (expected e.g. https://accounts.example.com)");
  return list.map(parseOrigin);
}

/** The allowed origins as configured in `source` (ORIGINS, else localhost on PORT or 3000). */
export function originsFromEnv(source: Record<string, string | undefined> = process.env): string[] {
  return parseOrigins(source.ORIGINS, source.PORT || 3000).map((url) => url.origin);
}
