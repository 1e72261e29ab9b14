import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Card } from "@/components/card";
import { LocalTime } from "@/components/time";
import { findReportableChange, REPORT_REFUSED } from "@/lib/server/accounts/email-change-report";
import { linkTokenSchema } from "@/lib/server/accounts/email-codes";
import { ReportChangeButton } from "./report-change-button";

export const metadata: Metadata = { title: "Report an email change", referrer: "no-referrer" };

/** The "This wasn't me" link from a notice to a replaced address. Opening it changes nothing; the button does. */
export default async function ReportEmailChangePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<ReactNode> {
  const { token } = await searchParams;
  const valid = typeof token === "string" && linkTokenSchema(REPORT_REFUSED).safeParse(token).success;
  const change = valid ? await findReportableChange(token) : null;
  return (
    <Card>
      <h1 className="text-2xl font-semibold tracking-tight">Report an email change you didn&apos;t make</h1>
      {change && typeof token === "string" ? (
        <div className="mt-4 flex flex-col gap-3 text-sm text-slate-700">
          <p className="break-words">
            On <LocalTime iso={change.changedAt.toISOString()} /> your account&apos;s email was changed away from{" "}
            <strong>{change.previousAddress}</strong>. If you didn&apos;t do that, we will:
          </p>
          <ul className="list-disc pl-5">
            <li>change the account&apos;s email back to {change.previousAddress},</li>
            <li>cancel any email change still waiting for its code,</li>
            <li>sign out every device signed in to the account.</li>
          </ul>
          <p>
            Then sign in with one of your passkeys or a recovery code, remove any passkey you don&apos;t recognise and create
            new recovery codes.
          </p>
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
