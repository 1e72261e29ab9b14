import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { Card } from "@/components/card";
import { immediateSignInRequested } from "@/lib/client/immediate-sign-in";
import { safeCallbackPath } from "@/lib/server/http/callback-url";
import { getCurrentSession } from "@/lib/server/sessions/sessions";
import { SignInForm } from "./signin-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signin"))("title") };
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<ReactNode> {
  const params = await searchParams;
  const callbackPath = safeCallbackPath(typeof params.callbackUrl === "string" ? params.callbackUrl : null);
  if (await getCurrentSession()) redirect(callbackPath);
  const t = await getTranslations("signin");
  return (
    <Card>
      <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
      {params.deleted === "1" ? (
        <p role="status" className="mt-3 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {t("deleted")}
        </p>
      ) : null}
      {params.reported === "1" ? (
        <p role="status" className="mt-3 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {t("reported")}
        </p>
      ) : null}
      <p className="mt-2 text-sm text-slate-600">{t("intro")}</p>
      <SignInForm callbackPath={callbackPath} immediate={immediateSignInRequested(params.immediate)} />
    </Card>
  );
}
