"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRef, type ReactNode } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { TextField } from "@/components/text-field";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { withStepUp } from "@/lib/client/ceremonies/step-up";
import { signalAcceptedCredentials, type AcceptedCredentialsSignal } from "@/lib/client/signals";
import { useAction } from "@/lib/client/use-action";

export function DeleteAccount({ email }: { email: string }): ReactNode {
  const t = useTranslations("account");
  const dialog = useRef<HTMLDialogElement>(null);
  const { busy, problem, run, fail, clear } = useAction();

  function open(): void {
    clear();
    dialog.current?.showModal();
  }

  function confirm(form: HTMLFormElement): void {
    const typed = String(new FormData(form).get("confirm-email") ?? "").trim();
    if (typed.toLowerCase() !== email.toLowerCase()) {
      fail(t("deleteWrongEmail"));
      return;
    }
    void run(
      async () => {
        const { signal } = await withStepUp(() => callApi<{ signal: AcceptedCredentialsSignal }>("DELETE", API.account, { email: typed }));
        // An empty list tells the passkey provider that none of this account's passkeys work any more.
        await signalAcceptedCredentials(signal);
        await signOut({ redirect: false }).catch(() => undefined);
        window.location.assign("/signin?deleted=1");
      },
      { prompt: "confirm", fallback: t("deleteNotDeleted"), leaves: true },
    );
  }

  return (
    <>
      <Button className="bg-red-700 hover:bg-red-800" onClick={open}>
        {t("deleteAccount")}
      </Button>
      <ConfirmDialog
        ref={dialog}
        id="delete"
        title={t("deleteTitle")}
        heading="h2"
        description={
          <>
            <p>{t("deleteAtOnce")}</p>
            <p>{t("deleteNoRecord", { email })}</p>
          </>
        }
        confirmLabel={t("deleteConfirm")}
        onConfirm={confirm}
        busy={busy}
        problem={problem}
      >
        <TextField id="confirm-email" name="confirm-email" label={t("deleteTypeEmail")} type="email" autoComplete="off" required />
      </ConfirmDialog>
    </>
  );
}
