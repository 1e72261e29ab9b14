import { useTranslations } from "next-intl";
import type { FormEvent, ReactNode } from "react";
import { ErrorAlert, SuccessNotice } from "@/components/alert";
import { Button } from "@/components/button";

/**
 * The frame of each other way in that /signin opens in place of its own form (a recovery code,
 * recovery through the email): what it is for, its fields, its one button, and the way back.
 */
export function OtherWayForm({
  intro,
  submitLabel,
  onSubmit,
  onBack,
  busy,
  problem,
  notice,
  children,
}: {
  intro: ReactNode;
  submitLabel: string;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  onBack: () => void;
  busy: boolean;
  problem: string | null;
  notice?: string | null;
  children: ReactNode;
}): ReactNode {
  const t = useTranslations("signin");
  return (
    <div className="mt-6 flex flex-col gap-4">
      <p className="text-sm text-slate-600">{intro}</p>
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        {children}
        {problem ? <ErrorAlert message={problem} /> : null}
        {notice ? <SuccessNotice>{notice}</SuccessNotice> : null}
        <Button type="submit" disabled={busy} aria-busy={busy} className="w-full">
          {submitLabel}
        </Button>
      </form>
      <Button variant="quiet" onClick={onBack}>
        {t("usePasskeyInstead")}
      </Button>
    </div>
  );
}
