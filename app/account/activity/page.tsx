import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AccountPageHeader } from "@/components/account-page-header";
import { describeEvent, eventDevice, listEvents } from "@/lib/server/activity/activity";
import { requireSignedIn } from "@/lib/server/sessions/sessions";
import { LocalTime } from "@/components/time";

export const metadata: Metadata = { title: "Recent activity" };

const FAILED = new Set(["sign_in_failed"]);

export default async function ActivityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<ReactNode> {
  const session = await requireSignedIn("/account/activity");
  const requested = Number((await searchParams).page);
  const page = Number.isInteger(requested) && requested >= 1 && requested <= 10_000 ? requested : 1;
  const { events, hasMore } = await listEvents(session.userId, page);
  return (
    <div className="flex flex-col gap-6">
      <AccountPageHeader title="Recent activity">
        Security events on your account, newest first. Don&apos;t recognise something? Check your{" "}
        <Link href="/account/sessions" className="font-medium text-brand-700 underline">
          signed-in devices
        </Link>{" "}
        and{" "}
        <Link href="/account/passkeys" className="font-medium text-brand-700 underline">
          passkeys
        </Link>
        .
      </AccountPageHeader>
      {events.length === 0 ? (
        <p className="rounded-2xl border border-slate-200 bg-white p-6 text-sm text-slate-600">
          {page === 1 ? "No activity yet." : "There is no more activity."}
        </p>
      ) : (
        <ol aria-label="Security events" className="flex flex-col divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white shadow-sm">
          {events.map((event) => (
            <li key={event.id} className="flex flex-col gap-1 px-5 py-4 sm:flex-row sm:items-baseline sm:justify-between">
              <p className={`font-medium ${FAILED.has(event.type) ? "text-red-800" : "text-slate-900"}`}>{describeEvent(event)}</p>
              <p className="text-sm text-slate-600">
                <LocalTime iso={event.createdAt.toISOString()} /> · {eventDevice(event)} · {event.ipAddress ?? "IP unknown"}
              </p>
            </li>
          ))}
        </ol>
      )}
      <nav aria-label="Activity pages" className="flex justify-between">
        {page > 1 ? (
          <Link href={page === 2 ? "/account/activity" : `/account/activity?page=${page - 1}`} className="font-medium text-brand-700 hover:underline">
            ← Newer
          </Link>
        ) : (
          <span />
        )}
        {hasMore ? (
          <Link href={`/account/activity?page=${page + 1}`} className="font-medium text-brand-700 hover:underline">
            Older →
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
