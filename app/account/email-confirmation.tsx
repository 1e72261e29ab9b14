"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { FormEvent, ReactNode } from "react";
import { ActionMessages } from "@/components/action-messages";
import { Button } from "@/components/button";
import { Panel } from "@/components/panel";
import { TextField } from "@/components/text-field";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { signalCurrentUserDetails, type CurrentUserDetailsSignal } from "@/lib/client/signals";
import { GENERIC, useAction } from "@/lib/client/use-action";

/** "Confirm your email" (a new account) or "Confirm your new email" (a requested change). */
export function EmailConfirmation({ purpose, address }: { purpose: "signup" | "change"; address: string }): ReactNode {
  const router = useRouter();
  const t = useTranslations("account");
  const { busy, problem, notice, run } = useAction();

  function confirm(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    void run(
      async () => {
        const { signal } = await callApi<{ signal: CurrentUserDetailsSignal }>("POST", API.emailConfirmCode, { code });
        // The passkey provider lists the account under its email: keep it current.
        await signalCurrentUserDetails(signal);
        router.refresh();
      },
      { fallback: GENERIC },
    );
  }

  function resend(): void {
    void run(
      async () => {
        await callApi("POST", API.emailResend, {});
        return t("codeResent", { address });
      },
      { fallback: GENERIC },
    );
  }

  const heading = purpose === "change" ? t("confirmNewEmail") : t("confirmEmail");
  return (
    <Panel headingId="confirm-email-heading" title={heading} tone="warning">
      <p className="mt-1 text-sm break-words">
        {t.rich("codeSent", { address, strong: (chunks) => <strong>{chunks}</strong> })}{" "}
        {purpose === "change" ? t("untilConfirmedChange") : t("untilConfirmedSignup")}
      </p>
      <form onSubmit={confirm} className="mt-3 flex flex-col gap-3" noValidate>
        <TextField id="confirmation-code" name="code" label={t("confirmationCode")} inputMode="numeric" autoComplete="one-time-code" maxLength={32} required />
        <ActionMessages problem={problem} notice={notice} />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={busy} aria-busy={busy}>
            {t("confirm")}
          </Button>
          <Button variant="secondary" disabled={busy} onClick={resend}>
            {t("sendNewCode")}
          </Button>
        </div>
      </form>
    </Panel>
  );
}
