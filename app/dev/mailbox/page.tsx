import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { LocalTime } from "@/components/time";
import { env } from "@/lib/server/platform/env";
import type { OutboxEmail } from "@/lib/generated/prisma/client";
import { listMailbox } from "@/lib/server/activity/outbox";

export const metadata: Metadata = { title: "Mailbox (development)" };
export const dynamic = "force-dynamic";

function status(message: OutboxEmail): string {
  if (message.sentAt) return "Delivered";
  if (message.failedAt) return `Gave up after ${message.attempts} attempts: ${message.lastError ?? "unknown error"}`;
  if (message.attempts > 0) return `Retrying (attempt ${message.attempts} failed: ${message.lastError ?? "unknown error"})`;
  return "Queued";
}

/**
 * The local outbox, for development and tests: every security email the portal wrote, newest
 * first. It does not exist in production mode or wherever real SMTP is configured.
 */
export default async function MailboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<ReactNode> {
  if (!env().devMailbox) notFound();
  const to = (await searchParams).to;
  const recipient = typeof to === "string" && to.trim() ? to.trim().toLowerCase() : null;
  const messages = await listMailbox({ to: recipient, limit: 200 });
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-3xl font-semibold tracking-tight">Mailbox</h1>
        <p className="mt-2 text-sm text-slate-600">
          Development only: the security emails the portal sent{recipient ? ` to ${recipient}` : ""}, newest first. With{" "}
          <code>SMTP_URL</code> set they go to real inboxes instead, and this page does not exist.
        </p>
        <form method="get" className="mt-3 flex gap-2">
          <label htmlFor="to" className="sr-only">
            Recipient
          </label>
          <input id="to" name="to" type="email" defaultValue={recipient ?? ""} placeholder="Filter by recipient" className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm" />
          <button type="submit" className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-semibold">
            Filter
          </button>
        </form>
      </div>
      {messages.length === 0 ? (
        <p className="text-sm text-slate-600">No messages.</p>
      ) : (
        <ul aria-label="Messages" className="flex flex-col gap-4">
          {messages.map((message) => (
            <li key={message.id} aria-labelledby={`subject-${message.id}`} className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
              <h2 id={`subject-${message.id}`} className="font-semibold">
                {message.subject}
              </h2>
              <dl className="mt-1 grid gap-x-4 text-sm text-slate-600 sm:grid-cols-[auto_1fr]">
                <dt>To</dt>
                <dd className="font-medium text-slate-800">{message.toAddress}</dd>
                <dt>Written</dt>
                <dd>
                  <LocalTime iso={message.createdAt.toISOString()} />
                </dd>
                <dt>Status</dt>
                <dd>{status(message)}</dd>
              </dl>
              <pre className="mt-3 overflow-x-auto rounded-lg bg-slate-50 p-3 text-sm whitespace-pre-wrap">{message.text}</pre>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
