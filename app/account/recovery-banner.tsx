"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId, useState, type ReactNode } from "react";
import { ErrorAlert, SuccessNotice } from "@/components/alert";
import { Button } from "@/components/button";
import { LocalTime } from "@/components/time";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { GENERIC, useAction } from "@/lib/client/use-action";

/**
 * The warning on every signed-in page while a recovery through the account's email is under way,
 * with the one button that stops it. It stays mounted across the refresh that follows a
 * cancellation, so the note saying so outlives the banner.
 */
export function RecoveryBanner({ pending }: { pending: { readyAt: string; ready: boolean } | null }): ReactNode {
  const router = useRouter();
  const t = useTranslations("account");
  const headingId = useId();
  const { busy, problem, run } = useAction();
  const [cancelled, setCancelled] = useState(false);

  function cancel(): void {
    void run(
      async () => {
        await callApi("DELETE", API.recoveryRequest);
        setCancelled(true);
        router.refresh();
      },
      { fallback: GENERIC },
    );
  }

  if (cancelled) {
    return (
      <SuccessNotice className="mb-6">
        {t("recoveryCancelled")}
      </SuccessNotice>
    );
  }
  if (!pending) return null;
  return (
    <section aria-labelledby={headingId} className="mb-6 rounded-2xl border border-amber-300 bg-amber-50 p-5 text-amber-950">
      <h2 id={headingId} className="text-lg font-semibold">
        {t("recoveryAsked")}
      </h2>
      <p className="mt-2 text-sm">
        {t("recoveryOpened")}{" "}
        {pending.ready ? t("recoveryReady") : t.rich("recoveryWaiting", { time: () => <LocalTime iso={pending.readyAt} /> })}{" "}
        {t("recoveryNotYou")}
      </p>
      {problem ? (
        <div className="mt-3">
          <ErrorAlert message={problem} />
        </div>
      ) : null}
      <Button variant="secondary" className="mt-3" disabled={busy} aria-busy={busy} onClick={cancel}>
        {t("cancelRecovery")}
      </Button>
    </section>
  );
}
