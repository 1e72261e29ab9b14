import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AccountPageHeader } from "@/components/account-page-header";
import { recoveryCodeStatus } from "@/lib/server/recovery/recovery-codes";
import { requireSignedIn } from "@/lib/server/sessions/sessions";
import { RecoveryCodes } from "./recovery-codes";

export const metadata: Metadata = { title: "Recovery codes" };

export default async function RecoveryCodesPage(): Promise<ReactNode> {
  const session = await requireSignedIn("/account/recovery");
  const status = await recoveryCodeStatus(session.userId);
  return (
    <div className="flex flex-col gap-6">
      <AccountPageHeader title="Recovery codes">
        If you lose every device with your passkeys, a recovery code signs you in once so you can add a new passkey.
        Keep them somewhere safe and offline, like a password manager or a printed page.
      </AccountPageHeader>
      <RecoveryCodes
        unused={status.unused}
        total={status.total}
        createdAt={status.createdAt?.toISOString() ?? null}
        email={session.user.email}
      />
    </div>
  );
}
