import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Panel } from "@/components/panel";
import { LocalTime } from "@/components/time";
import { describeEvent } from "@/lib/server/activity/activity";
import type { ReportedChange } from "@/lib/server/accounts/email-change-report";
import { DismissReportButton } from "./dismiss-report-button";

/** After "This wasn't me": what was undone, what else happened meanwhile, and what to check. */
export function ReportedChangeSection({ report }: { report: ReportedChange }): ReactNode {
  const t = useTranslations("account");
  const locale = useLocale();
  return (
    <Panel headingId="reported-change" title={t("reportedTitle")} tone="danger">
      <p className="mt-1 text-sm break-words">
        {t.rich("reportedChange", {
          previous: report.previousAddress,
          next: report.newAddress,
          strong: (chunks) => <strong>{chunks}</strong>,
          changed: () => <LocalTime iso={report.changedAt.toISOString()} />,
          reported: () => <LocalTime iso={report.reportedAt.toISOString()} />,
        })}
      </p>
      <p className="mt-3 text-sm font-medium">{t("reportedSince")}</p>
      <ul aria-label={t("reportedActivity")} className="mt-1 list-disc pl-5 text-sm">
        {report.eventsSince.map((event) => (
          <li key={event.id}>
            {describeEvent(event, locale)} (<LocalTime iso={event.createdAt.toISOString()} />)
          </li>
        ))}
      </ul>
      <p className="mt-3 text-sm">
        {t("reportedAdvice")}
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-4 text-sm">
        <Link href="/account/passkeys" className="font-semibold underline">
          {t("reviewPasskeys")}
        </Link>
        <Link href="/account/recovery" className="font-semibold underline">
          {t("createNewCodes")}
        </Link>
        <DismissReportButton />
      </div>
    </Panel>
  );
}
