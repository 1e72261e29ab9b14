import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AccountPageHeader } from "@/components/account-page-header";
import { requireSignedIn, listActiveSessions, type SessionWithPasskey } from "@/lib/server/sessions/sessions";
import { describeUserAgent } from "@/lib/server/activity/user-agent";
import { SessionList, type SessionView } from "./session-list";

export const metadata: Metadata = { title: "Signed-in devices" };

function howSignedIn(session: SessionWithPasskey): string {
  if (session.method === "recovery") return "a recovery code";
  if (session.passkey) return `passkey “${session.passkey.name}”`;
  return "a passkey that has since been removed";
}

export default async function SessionsPage(): Promise<ReactNode> {
  const current = await requireSignedIn("/account/sessions");
  const sessions = await listActiveSessions(current.userId);
  const views: SessionView[] = sessions
    .map((session) => ({
      id: session.id,
      device: describeUserAgent(session.userAgent) ?? "Unknown device",
      ipAddress: session.ipAddress,
      signedInAt: session.createdAt.toISOString(),
      lastActiveAt: session.lastSeenAt.toISOString(),
      method: howSignedIn(session),
      current: session.id === current.id,
    }))
    // This device first, then the most recently active.
    .sort((a, b) => Number(b.current) - Number(a.current));
  return (
    <div className="flex flex-col gap-6">
      <AccountPageHeader title="Signed-in devices">
        Every browser signed in to your account. If you don&apos;t recognise one, sign it out and review your passkeys.
      </AccountPageHeader>
      <SessionList sessions={views} now={new Date().toISOString()} />
    </div>
  );
}
