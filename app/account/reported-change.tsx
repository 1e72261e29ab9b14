import Link from "next/link";
import type { ReactNode } from "react";
import { Panel } from "@/components/panel";
import { LocalTime } from "@/components/time";
import { describeEvent } from "@/lib/server/activity/activity";
import type { ReportedChange } from "@/lib/server/accounts/email-change-report";
import { DismissReportButton } from "./dismiss-report-button";

/** After "This wasn't me": what was undone, what else happened meanwhile, and what to check. */
export function ReportedChangeSection({ report }: { report: ReportedChange }): ReactNode {
  return (
    <Panel headingId="reported-change" title="You reported an email change you didn't make" tone="danger">
      <p className="mt-1 text-sm break-words">
        On <LocalTime iso={report.changedAt.toISOString()} /> your account&apos;s email was changed from{" "}
        <strong>{report.previousAddress}</strong> to <strong>{report.newAddress}</strong>. After your report (
        <LocalTime iso={report.reportedAt.toISOString()} />) we changed it back and signed out every device.
      </p>
      <p className="mt-3 text-sm font-medium">What happened on your account since the change:</p>
      <ul aria-label="Activity since the email change" className="mt-1 list-disc pl-5 text-sm">
        {report.eventsSince.map((event) => (
          <li key={event.id}>
            {describeEvent(event)} (<LocalTime iso={event.createdAt.toISOString()} />)
          </li>
        ))}
      </ul>
      <p className="mt-3 text-sm">
        Whoever changed your email may have added a passkey or seen your recovery codes. Remove every passkey you don&apos;t
        recognise, then create a new set of recovery codes: the old ones stop working.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-4 text-sm">
        <Link href="/account/passkeys" className="font-semibold underline">
          Review your passkeys
        </Link>
        <Link href="/account/recovery" className="font-semibold underline">
          Create new recovery codes
        </Link>
        <DismissReportButton />
      </div>
    </Panel>
  );
}
