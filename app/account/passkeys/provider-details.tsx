import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type { PasskeyView } from "./passkey-manager";

// What the passkey list shows about a passkey's provider besides its name (lib/server/passkeys/providers.ts).

// alt="": the provider's name is written beside it. The files are static (public/providers/). The
// tile is a surface (bg-white), which is slate-900 in the dark scheme (app/globals.css), the same
// media query as the picture's, so each icon sits on the backdrop its colour was checked against
// (lib/server/passkeys/provider-icons.ts). Sized, so nothing shifts as it loads.
export function ProviderIcon({ icon }: { icon: PasskeyView["providerIcon"] }): ReactNode {
  return (
    <span className="flex h-10 w-10 shrink-0 items-center justify-center rounded-lg border border-slate-200 bg-white">
      <picture>
        <source srcSet={icon.dark} media="(prefers-color-scheme: dark)" />
        <img src={icon.light} alt="" width={24} height={24} className="h-6 w-6" />
      </picture>
    </span>
  );
}

export function SyncNote({ note }: { note: PasskeyView["syncNote"] }): ReactNode {
  const t = useTranslations("passkeys");
  if (!note.source) return note.sentence;
  return (
    <>
      {note.sentence}{" "}
      <a href={note.source.url} target="_blank" rel="noopener noreferrer" className="font-medium text-brand-700 underline">
        {t("providerDocs", { publisher: note.source.publisher })}
        <span className="sr-only">{t("opensInNewTab")}</span>
      </a>
    </>
  );
}
