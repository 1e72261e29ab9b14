"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "@/components/button";
import { Card } from "@/components/card";

// A page that failed on the server. In production the browser is never told why (Next hides
// server errors), and the commonest cause that is not a bug is a database outage, so this says
// what the outage page says (proxy.ts serves that one, with a 503, from the next request on).
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }): ReactNode {
  const t = useTranslations("common");
  return (
    <Card>
      <h1 className="text-xl font-semibold text-slate-900">{t("pageErrorHeading")}</h1>
      <p className="mt-3 text-sm text-slate-600">{t("pageErrorMessage")}</p>
      <Button className="mt-6" onClick={reset}>
        {t("tryAgain")}
      </Button>
    </Card>
  );
}
