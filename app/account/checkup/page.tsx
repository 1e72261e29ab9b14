import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { AccountPageHeader } from "@/components/account-page-header";
import { Panel } from "@/components/panel";
import { securityCheckup } from "@/lib/server/accounts/checkup";
import { readCheckupState } from "@/lib/server/accounts/checkup-state";
import { requireSignedIn } from "@/lib/server/sessions/sessions";
import { checkupSummary, describeFinding } from "./finding-text";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("checkup"))("title") };
}

export default async function CheckupPage(): Promise<ReactNode> {
  const session = await requireSignedIn("/account/checkup");
  // A failed read throws to the error page: "All good" only ever follows a complete read.
  const findings = securityCheckup(await readCheckupState(session.user), new Date());
  const t = await getTranslations("checkup");
  return (
    <div className="flex flex-col gap-6">
      <AccountPageHeader title={t("title")}>{t("intro")}</AccountPageHeader>
      {findings.length === 0 ? (
        <Panel headingId="checkup-result" title={t("allGood")} headingClassName="text-lg font-semibold">
          <p className="mt-1 text-sm text-slate-600">{t("nothingToFix")}</p>
        </Panel>
      ) : (
        <section aria-labelledby="checkup-result" className="flex flex-col gap-4">
          <h2 id="checkup-result" className="text-lg font-semibold">
            {checkupSummary(findings, t)}
          </h2>
          <ul className="flex flex-col gap-3">
            {findings.map((finding) => {
              const { title, why, fix } = describeFinding(finding, t);
              return (
                <li key={finding.kind} className="rounded-2xl border border-amber-300 bg-amber-50 p-5 text-amber-950">
                  <h3 className="font-semibold">{title}</h3>
                  <p className="mt-1 text-sm break-words">{why}</p>
                  <Link href={fix.href} className="mt-3 inline-block text-sm font-semibold underline">
                    {fix.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}
