"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { ActionMessages } from "@/components/action-messages";
import { Button } from "@/components/button";
import { RelativeTime } from "@/components/time";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { GENERIC, useAction } from "@/lib/client/use-action";

export interface SessionView {
  id: string;
  device: string;
  ipAddress: string | null;
  signedInAt: string;
  lastActiveAt: string;
  method: string;
  current: boolean;
}

export function SessionList({ sessions, now: nowIso }: { sessions: SessionView[]; now: string }): ReactNode {
  const router = useRouter();
  const t = useTranslations("sessions");
  const { pending, busy, problem, notice, run } = useAction();
  const others = sessions.filter((session) => !session.current).length;

  function signOut(key: string, work: () => Promise<string>): void {
    void run(
      async () => {
        const done = await work();
        router.refresh();
        return done;
      },
      { key, prompt: "confirm", fallback: GENERIC },
    );
  }

  const signOutOne = (session: SessionView): void =>
    signOut(session.id, async () => {
      await callApi("DELETE", API.session(session.id));
      return t("signedOutOne", { device: session.device });
    });

  const signOutOthers = (): void =>
    signOut("others", async () => {
      const { signedOut } = await callApi<{ signedOut: number }>("POST", API.signOutOtherSessions, {});
      return t("signedOutOthers", { count: signedOut });
    });

  return (
    <section aria-labelledby="sessions-heading" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          {t("count", { count: sessions.length })}
        </h2>
        <Button variant="secondary" onClick={signOutOthers} disabled={busy || others === 0} aria-busy={pending === "others"}>
          {t("signOutOthers")}
        </Button>
      </div>
      <ActionMessages problem={problem} notice={notice} />
      <ul className="flex flex-col gap-3">
        {sessions.map((session) => (
          <li key={session.id} aria-labelledby={`device-${session.id}`} className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div>
                <h3 id={`device-${session.id}`} className="font-semibold">
                  {session.device}{" "}
                  {session.current ? (
                    <span className="ml-2 rounded-full bg-emerald-100 px-2.5 py-1 text-xs font-semibold text-emerald-800">{t("thisDevice")}</span>
                  ) : null}
                </h3>
                <dl className="mt-2 grid gap-x-6 gap-y-1 text-sm text-slate-600 sm:grid-cols-2">
                  <div>
                    <dt className="inline">{t("ipAddress")}</dt>
                    <dd className="inline font-medium text-slate-800">{session.ipAddress ?? t("unknown")}</dd>
                  </div>
                  <div>
                    <dt className="inline">{t("signedInWith")}</dt>
                    <dd className="inline font-medium text-slate-800">{session.method}</dd>
                  </div>
                  <div>
                    <dt className="inline">{t("signedIn")}</dt>
                    <dd className="inline font-medium text-slate-800">
                      <RelativeTime iso={session.signedInAt} now={nowIso} />
                    </dd>
                  </div>
                  <div>
                    <dt className="inline">{t("lastActive")}</dt>
                    <dd className="inline font-medium text-slate-800">
                      {session.current ? t("now") : <RelativeTime iso={session.lastActiveAt} now={nowIso} />}
                    </dd>
                  </div>
                </dl>
              </div>
              {session.current ? null : (
                <Button
                  variant="secondary"
                  onClick={() => signOutOne(session)}
                  disabled={busy}
                  aria-busy={pending === session.id}
                  aria-describedby={`device-${session.id}`}
                >
                  {t("signOut")}
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
