"use client";

import { useEffect, useState, type ReactNode } from "react";
import de from "@/messages/de/common.json";
import en from "@/messages/en/common.json";
import { LOCALE_COOKIE, negotiateLocale, type Locale } from "@/lib/shared/locale";
import "./globals.css";

const WORDS: Record<Locale, typeof en> = { en, de };

/** The reader's language as the server would choose it, from this browser's own cookie and languages. */
function browserLocale(): Locale {
  const cookie = document.cookie.split("; ").find((entry) => entry.startsWith(`${LOCALE_COOKIE}=`));
  return negotiateLocale(cookie?.slice(LOCALE_COOKIE.length + 1), navigator.languages.join(","));
}

// The root layout itself failed: this replaces it, so it brings its own <html> and <body>, and,
// without the layout's translations, picks its words itself (after mount, so hydration agrees).
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }): ReactNode {
  const [locale, setLocale] = useState<Locale>("en");
  useEffect(() => setLocale(browserLocale()), []);
  const t = WORDS[locale];
  return (
    <html lang={locale}>
      <body className="mx-auto max-w-md px-4 py-16">
        <h1 className="text-xl font-semibold text-slate-900">{t.pageErrorHeading}</h1>
        <p className="mt-3 text-sm text-slate-600">{t.pageErrorMessage}</p>
        <button type="button" className="mt-6 rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white" onClick={reset}>
          {t.tryAgain}
        </button>
      </body>
    </html>
  );
}
