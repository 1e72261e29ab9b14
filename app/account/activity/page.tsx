import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { AccountPageHeader } from "@/components/account-page-header";
import { describeEvent, eventDevice, listEvents } from "@/lib/server/activity/activity";
import { requireSignedIn } from "@/lib/server/sessions/sessions";
import { LocalTime } from "@/components/time";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("activity"))("title") };
}

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
  const t = await getTranslations("activity");
  const locale = await getLocale();
  const link = (href: string) => (chunks: ReactNode) => (
    <Link href={href} className="font-medium text-brand-700 underline">
      {chunks}
    </Link>
  );
  return (
    <div className="flex flex-col gap-6">
      <AccountPageHeader title={t("title")}>
        {t.rich("intro", { sessions: link("/account/sessions"), passkeys: link("/account/passkeys") })}
      </AccountPageHeader>
      {events.length === 0 ? (
        <p className="rounded-2xl border border-slate-200 bg-white p-6 text-sm text-slate-600">
          {page === 1 ? t("none") : t("noMore")}
        </p>
      ) : (
        <ol aria-label={t("events")} className="flex flex-col divide-y divide-slate-200 rounded-2xl border border-slate-200 bg-white shadow-sm">
          {events.map((event) => (
            <li key={event.id} className="flex flex-col gap-1 px-5 py-4 sm:flex-row sm:items-baseline sm:justify-between">
              <p className={`font-medium ${FAILED.has(event.type) ? "text-red-800" : "text-slate-900"}`}>{describeEvent(event, locale)}</p>
              <p className="text-sm text-slate-600">
                <LocalTime iso={event.createdAt.toISOString()} /> · {eventDevice(event, locale)} · {event.ipAddress ?? t("ipUnknown")}
              </p>
            </li>
          ))}
        </ol>
      )}
      <nav aria-label={t("pages")} className="flex justify-between">
        {page > 1 ? (
          <Link href={page === 2 ? "/account/activity" : `/account/activity?page=${page - 1}`} className="font-medium text-brand-700 hover:underline">
            {t("newer")}
          </Link>
        ) : (
          <span />
        )}
        {hasMore ? (
          <Link href={`/account/activity?page=${page + 1}`} className="font-medium text-brand-700 hover:underline">
            {t("older")}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
