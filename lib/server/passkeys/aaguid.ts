// Well-known passkey providers and security keys by AAGUID (from the providers' published
// metadata). Unknown or all-zero AAGUIDs fall back to what transports and attachment say.
const PROVIDERS = new Map<string, string>(Object.entries({
  "fbfc3007-154e-4ecc-8c0b-6e020557d7bd": "iCloud Keychain",
  "dd4ec289-e01d-41c9-bb89-70fa845d4bf2": "iCloud Keychain (Managed)",
  "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4": "Google Password Manager",
  "adce0002-35bc-c60a-648b-0b25f1f05503": "Chrome on Mac",
  "08987058-cadc-4b81-b6e1-30de50dcbe96": "Windows Hello",
  "9ddd1817-af5a-4672-a2b9-3e3dd95000a9": "Windows Hello",
  "6028b017-b1d4-4c02-b4b3-afcdafc96bb2": "Windows Hello",
  "bada5566-a7aa-401f-bd96-45619a55120d": "1Password",
  "d548826e-79b4-db40-a3d8-11116f7e8349": "Bitwarden",
  "531126d6-e717-415c-9320-3d9aa6981239": "Dashlane",
  "53414d53-554e-4700-0000-000000000000": "Samsung Pass",
  "50726f74-6f6e-5061-7373-50726f746f6e": "Proton Pass",
  "b84e4048-15dc-4dd0-8640-f4f60813c8af": "NordPass",
  "0ea242b4-43c4-4a1b-8b17-dd6d0b6baec6": "Keeper",
  "cb69481e-8ff7-4039-93ec-0a2729a154a8": "YubiKey 5 Series",
  "ee882879-721c-4913-9775-3dfcce97072a": "YubiKey 5 Series",
  "fa2b99dc-9e39-4257-8f92-4a30d23c4118": "YubiKey 5 Series with NFC",
  "2fc0579f-8113-47ea-b116-bb5a8db9202a": "YubiKey 5 Series with NFC",
}));

export const ZERO_AAGUID = "00000000-0000-0000-0000-000000000000";

export function providerForAaguid(aaguid: string): string | null {
  return PROVIDERS.get(aaguid.toLowerCase()) ?? null;
}

type AuthenticatorKind = "phone" | "built-in" | "security-key" | "unknown";

interface PasskeyOrigin {
  aaguid: string;
  transports: string[];
  attachment?: string | null;
}

// What kind of authenticator holds a passkey whose AAGUID tells us nothing.
function guessKind({ transports, attachment }: PasskeyOrigin): AuthenticatorKind {
  // A phone used across devices reports hybrid (often with internal) and a cross-platform attachment.
  if (transports.includes("hybrid") && attachment !== "platform") return "phone";
  if (transports.includes("internal") || attachment === "platform") return "built-in";
  if (transports.some((t) => t === "usb" || t === "nfc" || t === "ble")) return "security-key";
  return "unknown";
}

const DEFAULT_NAMES: Record<AuthenticatorKind, string> = {
  phone: "Passkey on a phone or tablet",
  "built-in": "Passkey on this device",
  "security-key": "Security key",
  unknown: "Passkey",
};

const HOLDERS: Record<AuthenticatorKind, string> = {
  phone: "A phone or tablet",
  "built-in": "This device's built-in authenticator",
  "security-key": "A security key",
  unknown: "Unknown provider",
};

/** The name a new passkey gets until its owner renames it. */
export function defaultPasskeyName(input: PasskeyOrigin): string {
  return providerForAaguid(input.aaguid) ?? DEFAULT_NAMES[guessKind(input)];
}

/** Who holds a passkey, for the passkey list: the provider, or the best guess from how it connects. */
export function describeProvider(input: PasskeyOrigin): string {
  return providerForAaguid(input.aaguid) ?? HOLDERS[guessKind(input)];
}
