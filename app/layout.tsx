import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LanguageSwitcher } from "@/components/language-switcher";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("layout");
  return { title: { default: t("brand"), template: t("titleTemplate") }, description: t("description") };
}

// colorScheme: the browser paints the page in the reader's scheme before the stylesheet arrives (no white flash).
export const viewport: Viewport = { width: "device-width", initialScale: 1, colorScheme: "light dark" };

export default async function RootLayout({ children }: { children: ReactNode }): Promise<ReactNode> {
  // The CSP nonce is new on every request (proxy.ts), and Next can only put it on its scripts
  // while rendering that request: a page prerendered at build time would have un-nonced
  // scripts the browser refuses to run. So every page, the 404 page included, renders per request.
  await connection();
  const locale = await getLocale();
  const t = await getTranslations("layout");
  return (
    <html lang={locale}>
      <body className="flex min-h-dvh flex-col">
        <NextIntlClientProvider>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex h-14 max-w-3xl items-center px-4">
            <Link href="/" className="flex items-center gap-2 rounded font-semibold text-slate-900">
              <KeyIcon />
              {t("brand")}
            </Link>
          </div>
        </header>
        <main className="mx-auto flex w-full max-w-3xl flex-1 flex-col px-4 py-8 sm:py-12">{children}</main>
        <footer className="flex flex-col items-center gap-3 py-6 text-center text-xs text-slate-500">
          <p>{t("tagline")}</p>
          <LanguageSwitcher />
        </footer>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}

function KeyIcon(): ReactNode {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6 text-brand-600" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <circle cx="8" cy="15" r="4" />
      <path d="M10.85 12.15 19 4M18 5l2 2M15 8l2 2" />
    </svg>
  );
}
