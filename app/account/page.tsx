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
import { isSynced } from "@/lib/server/passkeys/policy";
import { requireSignedIn } from "@/lib/server/sessions/sessions";
import { checkupSummary } from "./checkup/finding-text";
import { DeleteAccount } from "./delete-account";
import { EmailConfirmation } from "./email-confirmation";
import { ProfileEditor } from "./profile-editor";
import { ReportedChangeSection } from "./reported-change";
import { SignOutButton } from "./sign-out-button";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage(): Promise<ReactNode> {
  const session = await requireSignedIn("/account");
  const { user } = session;
  // The checkup reads the passkeys and recovery codes this page shows as well.
  const [checkup, pending, report] = await Promise.all([readCheckupState(user), pendingConfirmation(user), findReportedChange(user.id)]);
  const { passkeys, recoveryCodes: codes } = checkup;
  const findings = securityCheckup(checkup, new Date());
  const operator = isOperator(user) ? await getTranslations("operator") : null;
  return (
    <div className="flex flex-col gap-6">
      {report ? <ReportedChangeSection report={report} /> : null}
      {pending ? <EmailConfirmation key={`${pending.purpose}:${pending.address}`} purpose={pending.purpose} address={pending.address} /> : null}
      <PasskeyHere needed={session.needsPasskeyHere} quietly={!user.deviceBoundOnly} attemptKey={session.id}>
        <Panel headingId="passkey-here-heading" title="Add a passkey on this device" tone="highlight">
          <p className="mt-1 text-sm text-slate-800">
            {session.method === "recovery" ? "You signed in with a recovery code" : "You signed in with a passkey from another device"}, so
            this device has no passkey yet. Add one so you can sign in here with your face, fingerprint or PIN next time.{" "}
            <Link href="/account/passkeys" className="font-semibold text-brand-700 underline">
              Add one now
            </Link>
          </p>
        </Panel>
      </PasskeyHere>
      {codes.unused === 0 ? (
        <section aria-labelledby="recovery-nudge" className="rounded-2xl border border-amber-300 bg-amber-50 p-5 text-amber-950">
          <h2 id="recovery-nudge" className="font-semibold">
            {codes.total === 0 ? "Set up recovery codes" : "You've used all your recovery codes"}
          </h2>
          <p className="mt-1 text-sm">
            If you lose the devices with your passkeys, a recovery code is how you get back in. Create a new set and keep it
            somewhere safe.{" "}
            {/* Not "…recovery codes": the Recovery codes link below must stay the only one by that name. */}
            <Link href="/account/recovery" className="font-semibold underline">
              Create them now
            </Link>
          </p>
        </section>
      ) : null}
      <section className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <p className="text-sm font-medium text-slate-500">Welcome back</p>
        <h1 className="mt-1 text-3xl font-semibold tracking-tight break-words">{user.displayName}</h1>
        <dl className="mt-4 grid gap-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">Email</dt>
            <dd className="font-medium break-all">
              {user.email}
              {user.emailConfirmedAt ? null : <span className="ml-2 text-xs font-normal text-amber-800">(not confirmed)</span>}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Passkeys</dt>
            <dd className="font-medium">
              {passkeys.length} saved · {passkeys.filter(isSynced).length} synced
            </dd>
          </div>
        </dl>
        <div className="mt-5">
          <ProfileEditor name={user.displayName} email={user.email} />
        </div>
      </section>
      <nav aria-label="Account settings" className="grid gap-3 sm:grid-cols-2">
        <NavCard href="/account/checkup" title="Security checkup" className="sm:col-span-2">
          <strong className="font-semibold text-slate-800">{checkupSummary(findings)}.</strong> What could lock you out, or let someone
          else in, and how to fix it.
        </NavCard>
        <NavCard href="/account/passkeys" title="Passkeys">
          See, add, rename and remove your passkeys; choose whether synced passkeys are allowed.
        </NavCard>
        <NavCard href="/account/recovery" title="Recovery codes">
          {codes.total === 0 ? "Not set up yet. " : `${codes.unused} of ${codes.total} left. `}One-time codes that get you back in if you
          lose your devices.
        </NavCard>
        <NavCard href="/account/sessions" title="Signed-in devices">
          See where you&apos;re signed in and sign out devices you don&apos;t use.
        </NavCard>
        <NavCard href="/account/activity" title="Recent activity">
          Sign-ins, passkey changes and other security events on your account.
        </NavCard>
        {operator ? (
          <NavCard href="/operator" title={operator("accountLink")} className="sm:col-span-2">
            {operator("accountLinkDescription")}
          </NavCard>
        ) : null}
      </nav>
      <section className="flex flex-col gap-3 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:flex-row sm:items-center sm:justify-between sm:p-8">
        <div>
          <h2 className="font-semibold">Sign out</h2>
          <p className="text-sm text-slate-600">Ends this session on our servers, not just in this browser.</p>
        </div>
        <SignOutButton />
      </section>
      <section className="flex flex-col gap-3 rounded-2xl border border-red-200 bg-white p-6 shadow-sm sm:flex-row sm:items-center sm:justify-between sm:p-8">
        <div>
          <h2 className="font-semibold">Delete account</h2>
          <p className="text-sm text-slate-600">Deletes your account and everything in it. This can&apos;t be undone.</p>
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
