"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { GENERIC, useAction } from "@/lib/client/use-action";

export function ReportChangeButton({ token }: { token: string }): ReactNode {
  const t = useTranslations("emailLinks");
  const { busy, problem, run } = useAction();

  function report(): void {
    void run(
      async () => {
        await callApi("POST", API.emailReportChange, { token });
        // Every session of the account is revoked, this browser's included if it had one.
        window.location.assign("/signin?reported=1");
      },
      { fallback: GENERIC, leaves: true },
    );
  }

  return (
    <>
      {problem ? <ErrorAlert message={problem} /> : null}
      <Button className="bg-red-700 hover:bg-red-800" disabled={busy} aria-busy={busy} onClick={report}>
        {t("reportButton")}
      </Button>
    </>
  );
}
