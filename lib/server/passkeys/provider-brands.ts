// Which brand icon a provider gets, by the provider names of lib/server/passkeys/aaguid-data.json.
// An explicit, reviewed table rather than a fuzzy match on names: a logo shown next to a passkey
// says "this company holds it", so it must never be a guess. Slugs are those of the npm package
// `simple-icons`, which the icons in public/providers/ are generated from (`npm run
// provider-icons:update`, scripts/update-provider-icons.ts). A provider that simple-icons does not
// have gets a drawn fallback instead: Microsoft and Windows (removed from simple-icons at
// Microsoft's request), NordPass, Proton Pass's own mark, Feitian, Thales, Devolutions, Ledger.
// No `server-only` import: the update script reads this table too.

export interface Brand {
  /** The simple-icons slug; its files are public/providers/<slug>-light.svg and -dark.svg. */
  slug: string;
  /** Provider names, exactly as the AAGUID table spells them. */
  names: string[];
  /** Name beginnings for product families with many AAGUIDs (every YubiKey model). */
  prefixes?: string[];
}

export const BRANDS: readonly Brand[] = [
  { slug: "apple", names: ["Apple Passwords", "iCloud Keychain (Managed)"] },
  { slug: "google", names: ["Google Password Manager"], prefixes: ["Google Titan"] },
  { slug: "googlechrome", names: ["Chrome on Mac"] },
  { slug: "samsung", names: ["Samsung Pass"] },
  { slug: "1password", names: ["1Password"] },
  { slug: "bitwarden", names: ["Bitwarden"] },
  { slug: "dashlane", names: ["Dashlane"] },
  // The Proton company mark: simple-icons has no separate Proton Pass icon.
  { slug: "proton", names: ["Proton Pass"] },
  { slug: "keepassxc", names: ["KeePassXC"] },
  { slug: "keeper", names: ["Keeper"] },
  { slug: "lastpass", names: ["LastPass"] },
  { slug: "enpass", names: ["Enpass"] },
  { slug: "kaspersky", names: ["Kaspersky Password Manager"] },
  { slug: "zoho", names: ["Zoho Vault"] },
  { slug: "yubico", names: [], prefixes: ["YubiKey ", "Security Key by Yubico", "Security Key NFC by Yubico"] },
];

/** The drawn icons (public/providers/<name>-light.svg, -dark.svg) for a provider without a brand icon. */
export const FALLBACK_ICONS = ["passkey", "device", "phone", "security-key"] as const;
export type FallbackIcon = (typeof FALLBACK_ICONS)[number];

/** The brand icon slug for a provider name, or null when the portal shows a drawn fallback. */
export function brandSlugFor(providerName: string): string | null {
  const brand = BRANDS.find(
    ({ names, prefixes = [] }) => names.includes(providerName) || prefixes.some((prefix) => providerName.startsWith(prefix)),
  );
  return brand?.slug ?? null;
}
