"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { ErrorAlert, SuccessNotice } from "@/components/alert";
import { Button } from "@/components/button";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { GENERIC, useAction } from "@/lib/client/use-action";

export function ConfirmLinkForm({ token, address, purpose }: { token: string; address: string; purpose: "signup" | "change" }): ReactNode {
  const t = useTranslations("emailLinks");
  const [done, setDone] = useState(false);
  const { busy, problem, run } = useAction();

  function confirm(): void {
    void run(
      async () => {
        await callApi("POST", API.emailConfirmLink, { token });
        setDone(true);
      },
      { fallback: GENERIC },
    );
  }

  if (done) {
    return (
      <div className="mt-4 flex flex-col gap-3">
        <SuccessNotice>
          {purpose === "change" ? t("confirmedAndChanged", { address }) : t("confirmed", { address })}
        </SuccessNotice>
        <Link href="/account" className="font-semibold text-brand-700 underline">
          {t("goToAccount")}
        </Link>
      </div>
    );
  }
  return (
    <div className="mt-4 flex flex-col gap-3">
      <p className="text-sm break-words text-slate-700">
        {purpose === "change" ? t("confirmChange", { address }) : t("confirmSignup", { address })} {t("notYou")}
      </p>
      {problem ? <ErrorAlert message={problem} /> : null}
      <Button disabled={busy} aria-busy={busy} onClick={confirm}>
        {t("confirmButton")}
      </Button>
    </div>
  );
}
