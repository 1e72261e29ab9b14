"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { ActionMessages } from "@/components/action-messages";
import { Button } from "@/components/button";
import { confirmWithPasskey } from "@/lib/client/ceremonies/step-up";
import { useAction } from "@/lib/client/use-action";

/** The passkey check an operator passes before the dashboard shows (the step-up of sensitive changes). */
export function ConfirmStep(): ReactNode {
  const t = useTranslations("operator.confirm");
  const router = useRouter();
  const action = useAction();

  async function confirm(): Promise<void> {
    await action.run(
      async () => {
        await confirmWithPasskey();
        router.refresh();
      },
      { fallback: t("failed") },
    );
  }

  return (
    <section aria-labelledby="confirm-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
      <h1 id="confirm-heading" className="text-2xl font-semibold tracking-tight">
        {t("heading")}
      </h1>
      <p className="mt-2 text-sm text-slate-600">{t("body")}</p>
      <div className="mt-4 flex flex-col gap-3">
        <ActionMessages problem={action.problem} />
        <div>
          <Button onClick={confirm} disabled={action.busy} aria-busy={action.busy}>
            {t("button")}
          </Button>
        </div>
      </div>
    </section>
  );
}
