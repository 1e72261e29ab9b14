"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "@/components/button";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { useAction } from "@/lib/client/use-action";

export function DismissReportButton(): ReactNode {
  const router = useRouter();
  const t = useTranslations("account");
  // A failed dismissal shows nothing: the report simply stays, and the button can be pressed again.
  const { busy, run } = useAction();

  function dismiss(): void {
    void run(async () => {
      await callApi("DELETE", API.emailReport);
      router.refresh();
    });
  }

  return (
    <Button variant="secondary" disabled={busy} aria-busy={busy} onClick={dismiss}>
      {t("dismiss")}
    </Button>
  );
}
