import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Card } from "@/components/card";
import { RecoverFlow } from "./recover-flow";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("recover"))("title"), robots: { index: false } };
}

/**
 * Where the recovery email's link leads (/recover?token=…). Rendering it changes nothing: the
 * page's script opens the link, so a mail scanner that only fetches it starts no recovery.
 */
export default async function RecoverPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<ReactNode> {
  const { token } = await searchParams;
  const t = await getTranslations("recover");
  return (
    <Card>
      <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
      <RecoverFlow token={typeof token === "string" ? token : ""} />
    </Card>
  );
}
