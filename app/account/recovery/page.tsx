import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { AccountPageHeader } from "@/components/account-page-header";
import { recoveryCodeStatus } from "@/lib/server/recovery/recovery-codes";
import { requireSignedIn } from "@/lib/server/sessions/sessions";
import { RecoveryCodes } from "./recovery-codes";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("recovery"))("title") };
}

export default async function RecoveryCodesPage(): Promise<ReactNode> {
  const session = await requireSignedIn("/account/recovery");
  const status = await recoveryCodeStatus(session.userId);
  const t = await getTranslations("recovery");
  return (
    <div className="flex flex-col gap-6">
      <AccountPageHeader title={t("title")}>{t("intro")}</AccountPageHeader>
      <RecoveryCodes
        unused={status.unused}
        total={status.total}
        createdAt={status.createdAt?.toISOString() ?? null}
        email={session.user.email}
      />
    </div>
  );
}
