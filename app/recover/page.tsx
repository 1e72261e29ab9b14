import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Card } from "@/components/card";
import { RecoverFlow } from "./recover-flow";

export const metadata: Metadata = { title: "Recover your account", robots: { index: false } };

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
  return (
    <Card>
      <h1 className="text-2xl font-semibold tracking-tight">Recover your account</h1>
      <RecoverFlow token={typeof token === "string" ? token : ""} />
    </Card>
  );
}
