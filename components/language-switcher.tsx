"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useId, useOptimistic, useTransition, type ChangeEvent, type ReactNode } from "react";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { isLocale, LOCALE_NAMES, LOCALES } from "@/lib/shared/locale";

/**
 * The footer's "Language" select. The server keeps the choice (a cookie, and the account's
 * language for its emails when signed in); the refresh then renders the page in it. The label
 * keeps the English word in every language, so someone who can't read the current one finds it.
 */
export function LanguageSwitcher(): ReactNode {
  const router = useRouter();
  const locale = useLocale();
  const t = useTranslations("common");
  const id = useId();
  const [pending, startTransition] = useTransition();
  // The chosen language shows at once; if the change fails, the page's own comes back.
  const [shown, showChoice] = useOptimistic<string>(locale);

  function choose(event: ChangeEvent<HTMLSelectElement>): void {
    const chosen = event.currentTarget.value;
    if (!isLocale(chosen) || chosen === locale) return;
    startTransition(async () => {
      showChoice(chosen);
      try {
        await callApi("POST", API.locale, { locale: chosen });
        router.refresh();
      } catch (failure) {
        // The page stays in its language, and the select shows it again once the transition ends.
        console.info("The language wasn't changed:", (failure as Error).message);
      }
    });
  }

  return (
    <div className="flex items-center justify-center gap-2">
      <label htmlFor={id}>{t("language")}</label>
      <select
        id={id}
        value={shown}
        onChange={choose}
        // Not disabled while the change is under way: that would drop the keyboard's focus.
        aria-busy={pending}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs text-slate-700"
      >
        {LOCALES.map((option) => (
          <option key={option} value={option} lang={option}>
            {LOCALE_NAMES[option]}
          </option>
        ))}
      </select>
    </div>
  );
}
