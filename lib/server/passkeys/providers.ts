import "server-only";
import type { Passkey } from "../../generated/prisma/client";
import { guessKind, providerForAaguid, type AuthenticatorKind, type PasskeyOrigin } from "./aaguid";
import { isSynced } from "./policy";
import { brandSlugFor, type FallbackIcon } from "./provider-brands";

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
  sentence: string;
}

// https://support.apple.com/102195 ("About the security of passkeys", seen as the en-nz and
// en-eg copies): "Passkeys sync across a user's devices using iCloud Keychain." and "iCloud
// Keychain is end-to-end encrypted with strong cryptographic keys".
const APPLE: SyncFact = {
  sentence: "Apple syncs it across your devices with iCloud Keychain, which Apple says is end-to-end encrypted.",
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
    sentence:
      "Google Password Manager syncs it through your Google Account, encrypted so that, Google says, not even Google can access it; a new device needs your Google Password Manager PIN or an Android screen lock.",
    url: "https://support.google.com/chrome/answer/16608973",
    publisher: "Google",
  },
  // https://blogs.windows.com/msedgedev/2026/04/22/engineering-secure-passkey-sync-in-microsoft-password-manager/
  // "With Microsoft Password Manager, users can now save and sync passkeys across devices signed in
  // with their Microsoft account." It combines "Confidential computing for sensitive passkey
  // operations." and "Encrypted synchronization across registered devices."
  "Microsoft Password Manager": {
    sentence:
      "Microsoft Password Manager syncs it, encrypted, to the devices signed in to your Microsoft account, and Microsoft says it handles the sensitive passkey operations in confidential computing.",
    url: "https://blogs.windows.com/msedgedev/2026/04/22/engineering-secure-passkey-sync-in-microsoft-password-manager/",
    publisher: "Microsoft",
  },
  // https://bitwarden.com/help/storing-passkeys/ "Stored passkeys are protected with Bitwarden's
  // trusted end-to-end encryption." and "Once a new passkey has been saved, the item can be viewed
  // from any Bitwarden vault".
  Bitwarden: {
    sentence: "Bitwarden keeps it in your Bitwarden vault, on every device you open it on, protected by what Bitwarden calls end-to-end encryption.",
    url: "https://bitwarden.com/help/storing-passkeys/",
    publisher: "Bitwarden",
  },
  // https://support.dashlane.com/hc/en-us/articles/32877427866642 "stored within AWS Nitro
  // Enclaves, passkeys stored using Dashlane are portable, origin‑bound, and protected using
  // confidential computing" and "AWS Nitro Enclaves isolate cryptographic passkey operations, and the
  // private key never leaves the secure cloud environment during creation and usage."
  Dashlane: {
    sentence:
      "Dashlane keeps its private key in Dashlane's cloud and, Dashlane says, uses it only inside AWS Nitro Enclaves (confidential computing), which it never leaves.",
    url: "https://support.dashlane.com/hc/en-us/articles/32877427866642",
    publisher: "Dashlane",
  },
};

// The flags are the provider's own report (see backup-state.ts), and the sentence must agree with them.
export const DEVICE_BOUND_SENTENCE = "It doesn't sync: its provider reports that it stays on the device that created it.";
export const UNKNOWN_PROVIDER_SENTENCE =
  "The portal can't tell how this passkey's provider syncs it, or how it protects the copies: the passkey doesn't say which provider made it.";

function undocumentedSentence(provider: string): string {
  return `The portal can't tell how ${provider} syncs it, or how it protects the copies: we know of no page of theirs that says.`;
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

export function providerDetails(passkey: PasskeyOrigin & Pick<Passkey, "backupEligible">): ProviderDetails {
  const provider = providerForAaguid(passkey.aaguid);
  const slug = (provider && brandSlugFor(provider)) ?? FALLBACKS[guessKind(passkey)];
  const icon = { light: `/providers/${slug}-light.svg`, dark: `/providers/${slug}-dark.svg` };
  if (!isSynced(passkey)) return { icon, sync: { sentence: DEVICE_BOUND_SENTENCE, source: null } };
  if (!provider) return { icon, sync: { sentence: UNKNOWN_PROVIDER_SENTENCE, source: null } };
  const fact = SYNC_FACTS[provider];
  if (!fact) return { icon, sync: { sentence: undocumentedSentence(provider), source: null } };
  return { icon, sync: { sentence: fact.sentence, source: { url: fact.url, publisher: fact.publisher } } };
}
