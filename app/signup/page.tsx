import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { Card } from "@/components/card";
import { getCurrentSession } from "@/lib/server/sessions/sessions";
import { SignUpForm } from "./signup-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signup"))("title") };
}

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<ReactNode> {
  const { email } = await searchParams;
  if (await getCurrentSession()) redirect("/account");
  const t = await getTranslations("signup");
  return (
    <Card>
      <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
      <p className="mt-2 text-sm text-slate-600">
        {t("intro")}
      </p>
      <SignUpForm initialEmail={typeof email === "string" ? email.slice(0, 254) : ""} />
    </Card>
  );
}
