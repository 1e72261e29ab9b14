import "server-only";
import type { Passkey } from "../../generated/prisma/client";
import { guessKind, providerForAaguid, type AuthenticatorKind, type PasskeyOrigin } from "./aaguid";
import { isSynced } from "./policy";
import { brandSlugFor, type FallbackIcon } from "./provider-brands";
import { translatorFor } from "../platform/i18n";
import { DEFAULT_LOCALE, type Locale } from "../../shared/locale";

// What the passkey list says about a passkey's provider beyond its name: its icon, and in one
// sentence how it syncs the passkey, with a link to the provider's own documentation. People are
// told a big provider syncs passkeys "for convenience" without being told how they are protected;
// this says what each provider publishes, no more. Each sentence rests on the provider's own page,
// quoted in the comment above it (found 2026-12-03); a provider whose page we could not find gets
// no sentence of its own, whatever we believe about it. Looked for and not found, so left out:
// 1Password (its support page found covers unlocking 1Password with a passkey, not passkeys kept
// in it), Proton Pass (its how-to and blog say where passkeys work, not how they are protected).
// Samsung's page (samsung.com/ae/support/apps-services/how-to-create-and-use-a-passkey-in-samsung-pass)
// says a Samsung Pass passkey "is stored only on your Galaxy device in encrypted storage", so it
// has no sync sentence: a synced Samsung Pass passkey gets the can't-tell one below.

export interface SyncSource {
  url: string;
  /** Whose documentation it is, for the link's name. */
  publisher: string;
}

interface SyncFact extends SyncSource {
  /** Its sentence in messages/<locale>/providers.json. */
  key: "apple" | "google" | "microsoft" | "bitwarden" | "dashlane";
}

// https://support.apple.com/102195 ("About the security of passkeys", seen as the en-nz and
// en-eg copies): "Passkeys sync across a user's devices using iCloud Keychain." and "iCloud
// Keychain is end-to-end encrypted with strong cryptographic keys".
const APPLE: SyncFact = {
  key: "apple",
  url: "https://support.apple.com/102195",
  publisher: "Apple",
};

/** Sync facts by provider name, exactly as the AAGUID table spells it. */
export const SYNC_FACTS: Readonly<Record<string, SyncFact>> = {
  "Apple Passwords": APPLE,
  "iCloud Keychain (Managed)": APPLE,
  // https://support.google.com/chrome/answer/16608973 (Google Password Manager PIN): use the PIN to
  // "Help you to use your passkeys on a new device." and "Make sure that no one, not even Google,
  // can access your encrypted data."; "On an Android device, instead of the PIN, to access your
  // saved passwords and passkeys, Google Password Manager uses your device's screen lock".
  "Google Password Manager": {
    key: "google",
    url: "https://support.google.com/chrome/answer/16608973",
    publisher: "Google",
  },
  // https://blogs.windows.com/msedgedev/2026/04/22/engineering-secure-passkey-sync-in-microsoft-password-manager/
  // "With Microsoft Password Manager, users can now save and sync passkeys across devices signed in
  // with their Microsoft account." It combines "Confidential computing for sensitive passkey
  // operations." and "Encrypted synchronization across registered devices."
  "Microsoft Password Manager": {
    key: "microsoft",
    url: "https://blogs.windows.com/msedgedev/2026/04/22/engineering-secure-passkey-sync-in-microsoft-password-manager/",
    publisher: "Microsoft",
  },
  // https://bitwarden.com/help/storing-passkeys/ "Stored passkeys are protected with Bitwarden's
  // trusted end-to-end encryption." and "Once a new passkey has been saved, the item can be viewed
  // from any Bitwarden vault".
  Bitwarden: {
    key: "bitwarden",
    url: "https://bitwarden.com/help/storing-passkeys/",
    publisher: "Bitwarden",
  },
  // https://support.dashlane.com/hc/en-us/articles/32877427866642 "stored within AWS Nitro
  // Enclaves, passkeys stored using Dashlane are portable, origin‑bound, and protected using
  // confidential computing" and "AWS Nitro Enclaves isolate cryptographic passkey operations, and the
  // private key never leaves the secure cloud environment during creation and usage."
  Dashlane: {
    key: "dashlane",
    url: "https://support.dashlane.com/hc/en-us/articles/32877427866642",
    publisher: "Dashlane",
  },
};

// The flags are the provider's own report (see backup-state.ts), and the sentence must agree with
// them. Brand names stay as they are in every language.
export const DEVICE_BOUND_SENTENCE = translatorFor("en", "providers")("deviceBound");
export const UNKNOWN_PROVIDER_SENTENCE = translatorFor("en", "providers")("unknownProvider");

/** A provider's sync sentence (SYNC_FACTS) in one language. */
export function syncSentence(fact: SyncFact, locale: Locale): string {
  return translatorFor(locale, "providers")(fact.key);
}

const FALLBACKS: Record<AuthenticatorKind, FallbackIcon> = {
  phone: "phone",
  "built-in": "device",
  "security-key": "security-key",
  unknown: "passkey",
};

export interface ProviderDetails {
  /** Static files under public/, one for a light and one for a dark backdrop. */
  icon: { light: string; dark: string };
  sync: { sentence: string; source: SyncSource | null };
}

export function providerDetails(passkey: PasskeyOrigin & Pick<Passkey, "backupEligible">, locale: Locale = DEFAULT_LOCALE): ProviderDetails {
  const t = translatorFor(locale, "providers");
  const provider = providerForAaguid(passkey.aaguid);
  const slug = (provider && brandSlugFor(provider)) ?? FALLBACKS[guessKind(passkey)];
  const icon = { light: `/providers/${slug}-light.svg`, dark: `/providers/${slug}-dark.svg` };
  if (!isSynced(passkey)) return { icon, sync: { sentence: t("deviceBound"), source: null } };
  if (!provider) return { icon, sync: { sentence: t("unknownProvider"), source: null } };
  const fact = SYNC_FACTS[provider];
  if (!fact) return { icon, sync: { sentence: t("undocumented", { provider }), source: null } };
  return { icon, sync: { sentence: t(fact.key), source: { url: fact.url, publisher: fact.publisher } } };
}
