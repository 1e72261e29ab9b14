import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Panel } from "@/components/panel";
import { PasskeyHere } from "@/components/passkey-here";
import { securityCheckup } from "@/lib/server/accounts/checkup";
import { readCheckupState } from "@/lib/server/accounts/checkup-state";
import { findReportedChange } from "@/lib/server/accounts/email-change-report";
import { pendingConfirmation } from "@/lib/server/accounts/email-confirmation";
import { isOperator } from "@/lib/server/operations/operator-access";
import { deploymentPolicy, isSynced } from "@/lib/server/passkeys/policy";
import { requireSignedIn } from "@/lib/server/sessions/sessions";
import { checkupSummary } from "./checkup/finding-text";
import { DeleteAccount } from "./delete-account";
import { EmailConfirmation } from "./email-confirmation";
import { ProfileEditor } from "./profile-editor";
import { ReportedChangeSection } from "./reported-change";
import { SignOutButton } from "./sign-out-button";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

export default async function AccountPage(): Promise<ReactNode> {
  const session = await requireSignedIn("/account");
  const { user } = session;
  // The checkup reads the passkeys and recovery codes this page shows as well.
  const [checkup, pending, report] = await Promise.all([readCheckupState(user), pendingConfirmation(user), findReportedChange(user.id)]);
  const { passkeys, recoveryCodes: codes } = checkup;
  const findings = securityCheckup(checkup, new Date());
  const [t, checkupWords] = await Promise.all([getTranslations("account"), getTranslations("checkup")]);
  const common = await getTranslations("common");
  const operator = isOperator(user) ? await getTranslations("operator") : null;
  const link = (href: string, className: string) => (chunks: ReactNode) => (
    <Link href={href} className={className}>
      {chunks}
    </Link>
  );
  return (
    <div className="flex flex-col gap-6">
      {report ? <ReportedChangeSection report={report} /> : null}
      {pending ? <EmailConfirmation key={`${pending.purpose}:${pending.address}`} purpose={pending.purpose} address={pending.address} /> : null}
      <PasskeyHere needed={session.needsPasskeyHere} quietly={!user.deviceBoundOnly && deploymentPolicy() === "any"} attemptKey={session.id}>
        <Panel headingId="passkey-here-heading" title={t("addHereTitle")} tone="highlight">
          <p className="mt-1 text-sm text-slate-800">
            {t.rich(session.method === "recovery" ? "addHereRecovery" : "addHereOtherDevice", {
              link: link("/account/passkeys", "font-semibold text-brand-700 underline"),
            })}
          </p>
        </Panel>
      </PasskeyHere>
      {codes.unused === 0 ? (
        <section aria-labelledby="recovery-nudge" className="rounded-2xl border border-amber-300 bg-amber-50 p-5 text-amber-950">
          <h2 id="recovery-nudge" className="font-semibold">
            {codes.total === 0 ? t("setUpCodes") : t("usedAllCodes")}
          </h2>
          {/* Not "…recovery codes": the Recovery codes link below must stay the only one by that name. */}
          <p className="mt-1 text-sm">{t.rich("codesNudge", { link: link("/account/recovery", "font-semibold underline") })}</p>
        </section>
      ) : null}
      <section className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <p className="text-sm font-medium text-slate-500">{t("welcomeBack")}</p>
        <h1 className="mt-1 text-3xl font-semibold tracking-tight break-words">{user.displayName}</h1>
        <dl className="mt-4 grid gap-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">{common("email")}</dt>
            <dd className="font-medium break-all">
              {user.email}
              {user.emailConfirmedAt ? null : <span className="ml-2 text-xs font-normal text-amber-800">{t("notConfirmed")}</span>}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("passkeys")}</dt>
            <dd className="font-medium">
              {t("passkeyCounts", { saved: passkeys.length, synced: passkeys.filter(isSynced).length })}
            </dd>
          </div>
        </dl>
        <div className="mt-5">
          <ProfileEditor name={user.displayName} email={user.email} />
        </div>
      </section>
      <nav aria-label={t("settings")} className="grid gap-3 sm:grid-cols-2">
        <NavCard href="/account/checkup" title={checkupWords("title")} className="sm:col-span-2">
          {t.rich("checkupCard", {
            summary: checkupSummary(findings, checkupWords),
            strong: (chunks) => <strong className="font-semibold text-slate-800">{chunks}</strong>,
          })}
        </NavCard>
        <NavCard href="/account/passkeys" title={t("passkeys")}>
          {t("passkeysCard")}
        </NavCard>
        <NavCard href="/account/recovery" title={t("recoveryCodes")}>
          {codes.total === 0 ? t("recoveryCardNone") : t("recoveryCardSome", { unused: codes.unused, total: codes.total })}
        </NavCard>
        <NavCard href="/account/sessions" title={t("sessions")}>
          {t("sessionsCard")}
        </NavCard>
        <NavCard href="/account/activity" title={t("activity")}>
          {t("activityCard")}
        </NavCard>
        {operator ? (
          <NavCard href="/operator" title={operator("accountLink")} className="sm:col-span-2">
            {operator("accountLinkDescription")}
          </NavCard>
        ) : null}
      </nav>
      <section className="flex flex-col gap-3 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:flex-row sm:items-center sm:justify-between sm:p-8">
        <div>
          <h2 className="font-semibold">{t("signOut")}</h2>
          <p className="text-sm text-slate-600">{t("signOutExplained")}</p>
        </div>
        <SignOutButton />
      </section>
      <section className="flex flex-col gap-3 rounded-2xl border border-red-200 bg-white p-6 shadow-sm sm:flex-row sm:items-center sm:justify-between sm:p-8">
        <div>
          <h2 className="font-semibold">{t("deleteAccount")}</h2>
          <p className="text-sm text-slate-600">{t("deleteExplained")}</p>
        </div>
        <DeleteAccount email={user.email} />
      </section>
    </div>
  );
}

// The stretched link keeps the whole card clickable with the title as the link's exact name.
function NavCard({ href, title, className, children }: { href: string; title: string; className?: string; children: ReactNode }): ReactNode {
  return (
    <div className={`relative rounded-2xl border border-slate-200 bg-white p-5 shadow-sm hover:border-brand-600 ${className ?? ""}`}>
      <Link href={href} className="font-semibold text-brand-700 after:absolute after:inset-0 after:content-['']">
        {title}
      </Link>
      <p className="mt-1 text-sm text-slate-600">{children}</p>
    </div>
  );
}
