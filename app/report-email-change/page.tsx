import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Card } from "@/components/card";
import { LocalTime } from "@/components/time";
import { findReportableChange, REPORT_REFUSED } from "@/lib/server/accounts/email-change-report";
import { linkTokenSchema } from "@/lib/server/accounts/email-codes";
import { ReportChangeButton } from "./report-change-button";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("emailLinks"))("reportMetaTitle"), referrer: "no-referrer" };
}

/** The "This wasn't me" link from a notice to a replaced address. Opening it changes nothing; the button does. */
export default async function ReportEmailChangePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<ReactNode> {
  const { token } = await searchParams;
  const valid = typeof token === "string" && linkTokenSchema(REPORT_REFUSED).safeParse(token).success;
  const change = valid ? await findReportableChange(token) : null;
  const t = await getTranslations("emailLinks");
  return (
    <Card>
      <h1 className="text-2xl font-semibold tracking-tight">{t("reportTitle")}</h1>
      {change && typeof token === "string" ? (
        <div className="mt-4 flex flex-col gap-3 text-sm text-slate-700">
          <p className="break-words">
            {t.rich("reportWhat", {
              previous: change.previousAddress,
              strong: (chunks) => <strong>{chunks}</strong>,
              time: () => <LocalTime iso={change.changedAt.toISOString()} />,
            })}
          </p>
          <ul className="list-disc pl-5">
            <li>{t("reportChangeBack", { previous: change.previousAddress })}</li>
            <li>{t("reportCancelPending")}</li>
            <li>{t("reportSignOut")}</li>
          </ul>
          <p>{t("reportThen")}</p>
          <ReportChangeButton token={token} />
        </div>
      ) : (
        <div className="mt-4">
          <ErrorAlert message={REPORT_REFUSED} />
        </div>
      )}
    </Card>
  );
}
