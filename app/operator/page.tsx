import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { cache, type ReactNode } from "react";
import { operationsOverview } from "@/lib/server/operations/dashboard";
import { operatorAccess, type OperatorAccess } from "@/lib/server/operations/operator-access";
import { getCurrentSession } from "@/lib/server/sessions/sessions";
import { LocalTime } from "@/components/time";
import { ConfirmStep } from "./confirm-step";
import { Dashboard } from "./dashboard";

// Only operators (OPERATOR_EMAILS, confirmed) with a recent passkey check see the dashboard.
// Everyone else gets the 404 of an unknown path, its title included: the page's existence is
// not something a stranger learns.
const accessForRequest = cache(async (): Promise<OperatorAccess> => operatorAccess(await getCurrentSession()));

export async function generateMetadata(): Promise<Metadata> {
  if ((await accessForRequest()) === "none") notFound();
  return { title: (await getTranslations("operator"))("title") };
}

export default async function OperatorPage(): Promise<ReactNode> {
  const access = await accessForRequest();
  if (access === "none") notFound();
  if (access === "confirm_with_passkey") return <ConfirmStep />;
  const [t, overview] = await Promise.all([getTranslations("operator"), operationsOverview()]);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-3xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="mt-2 text-sm text-slate-600">{t("intro")}</p>
        <p className="mt-1 text-sm text-slate-600">{t("asOf")} <LocalTime iso={overview.now.toISOString()} /></p>
      </div>
      <Dashboard overview={overview} />
    </div>
  );
}
