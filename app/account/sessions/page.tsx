import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { AccountPageHeader } from "@/components/account-page-header";
import { requireSignedIn, listActiveSessions, type SessionWithPasskey } from "@/lib/server/sessions/sessions";
import { describeUserAgent } from "@/lib/server/activity/user-agent";
import { SessionList, type SessionView } from "./session-list";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("sessions"))("title") };
}

function howSignedIn(session: SessionWithPasskey, t: Awaited<ReturnType<typeof getTranslations<"sessions">>>): string {
  if (session.method === "recovery") return t("withRecoveryCode");
  if (session.passkey) return t("withPasskey", { name: session.passkey.name });
  return t("withRemovedPasskey");
}

export default async function SessionsPage(): Promise<ReactNode> {
  const current = await requireSignedIn("/account/sessions");
  const sessions = await listActiveSessions(current.userId);
  const t = await getTranslations("sessions");
  const locale = await getLocale();
  const views: SessionView[] = sessions
    .map((session) => ({
      id: session.id,
      device: describeUserAgent(session.userAgent, locale) ?? t("unknownDevice"),
      ipAddress: session.ipAddress,
      signedInAt: session.createdAt.toISOString(),
      lastActiveAt: session.lastSeenAt.toISOString(),
      method: howSignedIn(session, t),
      current: session.id === current.id,
    }))
    // This device first, then the most recently active.
    .sort((a, b) => Number(b.current) - Number(a.current));
  return (
    <div className="flex flex-col gap-6">
      <AccountPageHeader title={t("title")}>{t("intro")}</AccountPageHeader>
      <SessionList sessions={views} now={new Date().toISOString()} />
    </div>
  );
}
