import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { recoveryCodeStatus } from "@/lib/recovery-codes";
import { getCurrentSession } from "@/lib/sessions";
import { RecoveryCodes } from "./recovery-codes";

export const metadata: Metadata = { title: "Recovery codes" };

export default async function RecoveryCodesPage(): Promise<ReactNode> {
  const session = await getCurrentSession();
  if (!session) redirect("/signin?callbackUrl=%2Faccount%2Frecovery");
  const status = await recoveryCodeStatus(session.userId);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href="/account" className="text-sm font-medium text-brand-700 hover:underline">
          ← Your account
        </Link>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight">Recovery codes</h1>
        <p className="mt-2 text-sm text-slate-600">
          If you lose every device with your passkeys, a recovery code signs you in once so you can add a new passkey.
          Keep them somewhere safe and offline, like a password manager or a printed page.
        </p>
      </div>
      <RecoveryCodes
        unused={status.unused}
        total={status.total}
        createdAt={status.createdAt?.toISOString() ?? null}
        email={session.user.email}
      />
    </div>
  );
}
