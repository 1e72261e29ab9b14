"use client";

import { useTranslations } from "next-intl";
import type { FormEvent, ReactNode } from "react";
import { TextField } from "@/components/text-field";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { GENERIC, useAction } from "@/lib/client/use-action";
import { OtherWayForm } from "./other-way-form";

/**
 * "I can't use any of my passkeys": the last way back in, through the account's confirmed email.
 * The server answers the same words for every address, so this page never tells whether an
 * account exists; the emailed link continues on /recover.
 */
export function EmailRecoveryForm({ onBack }: { onBack: () => void }): ReactNode {
  const t = useTranslations("signin");
  const common = useTranslations("common");
  const { busy, problem, notice, run, fail } = useAction();

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    if (!email) {
      fail(t("emailRecoveryRequired"));
      return;
    }
    void run(async () => (await callApi<{ message: string }>("POST", API.emailRecoveryStart, { email })).message, { fallback: GENERIC });
  }

  return (
    <OtherWayForm
      intro={t("emailRecoveryIntro")}
      submitLabel={t("startRecovery")}
      onSubmit={submit}
      onBack={onBack}
      busy={busy}
      problem={problem}
      notice={notice}
    >
      <TextField id="email-recovery-email" name="email" label={common("email")} type="email" autoComplete="username" required maxLength={254} />
    </OtherWayForm>
  );
}
