import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

/** The top of every page under /account: the way back, the page's heading, and what it is for. */
export function AccountPageHeader({ title, children }: { title: string; children: ReactNode }): ReactNode {
  const t = useTranslations("common");
  return (
    <div>
      <Link href="/account" className="text-sm font-medium text-brand-700 hover:underline">
        {t("yourAccount")}
      </Link>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">{title}</h1>
      <p className="mt-2 text-sm text-slate-600">{children}</p>
    </div>
  );
}
