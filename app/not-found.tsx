import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Card } from "@/components/card";

/** Every unknown address, in the reader's language (Next's own 404 page is English only). */
export default function NotFound(): ReactNode {
  const t = useTranslations("common");
  return (
    <Card>
      <h1 className="text-xl font-semibold text-slate-900">{t("notFound")}</h1>
      <Link href="/" className="mt-4 inline-block text-sm font-semibold text-brand-700 underline-offset-2 hover:underline">
        {t("notFoundHome")}
      </Link>
    </Card>
  );
}
