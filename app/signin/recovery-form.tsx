"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { FormEvent, ReactNode } from "react";
import { TextField } from "@/components/text-field";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { GENERIC, useAction } from "@/lib/client/use-action";
import { OtherWayForm } from "./other-way-form";

/** Where a recovery sign-in lands: the passkey list, with a prompt to add one on this device. */
export const AFTER_RECOVERY = "/account/passkeys?recovered=1";

export function RecoveryCodeForm({ onBack }: { onBack: () => void }): ReactNode {
  const router = useRouter();
  const t = useTranslations("signin");
  const common = useTranslations("common");
  const { busy, problem, run, fail } = useAction();

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const code = String(form.get("code") ?? "").trim();
    if (!email || !code) {
      fail(t("recoveryCodeRequired"));
      return;
    }
    void run(
      async () => {
        await callApi("POST", API.recoverySignIn, { email, code });
        router.replace(AFTER_RECOVERY);
        router.refresh();
      },
      { fallback: GENERIC, leaves: true },
    );
  }

  return (
    <OtherWayForm
      intro={t("recoveryCodeIntro")}
      submitLabel={t("title")}
      onSubmit={submit}
      onBack={onBack}
      busy={busy}
      problem={problem}
    >
      <TextField id="recovery-email" name="email" label={common("email")} type="email" autoComplete="username" required maxLength={254} />
      <TextField
        id="recovery-code"
        name="code"
        label={t("recoveryCode")}
        autoComplete="one-time-code"
        autoCapitalize="characters"
        spellCheck={false}
        required
        maxLength={64}
        placeholder="XXXX-XXXX-XXXX"
      />
    </OtherWayForm>
  );
}
