"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";
import { LocalTime } from "@/components/time";
import { ApiError, callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { createPasskeyForRecovery } from "@/lib/client/ceremonies/recover";
import { describeFailure } from "@/lib/client/failure-message";
import { GENERIC, useAction } from "@/lib/client/use-action";

type LinkState =
  | { status: "opening" }
  | { status: "waiting" | "ready"; readyAt: string }
  | { status: "refused"; message: string };

/** Checks the link again this long after its wait should have ended (the two clocks may differ a little). */
const RECHECK_GRACE_MS = 1000;

/**
 * The recovery link, opened from this browser: the first open starts the wait and ties the
 * recovery to this browser; every later one says how far it is. When the wait is over (on a
 * later visit, or while the page stays open), "Create a new passkey" finishes the recovery.
 */
export function RecoverFlow({ token }: { token: string }): ReactNode {
  const router = useRouter();
  const t = useTranslations("recover");
  const failures = useTranslations("errors");
  const [link, setLink] = useState<LinkState>(token ? { status: "opening" } : { status: "refused", message: t("noToken") });
  const { busy, problem, run } = useAction();

  const open = useCallback(async (): Promise<void> => {
    try {
      setLink(await callApi<{ status: "waiting" | "ready"; readyAt: string }>("POST", API.emailRecoveryOpen, { token }));
    } catch (failure) {
      setLink({ status: "refused", message: (failure instanceof ApiError && describeFailure(failure, "get", failures)) || failures("generic") });
    }
  }, [token, failures]);

  useEffect(() => {
    if (token) void open();
  }, [token, open]);

  // While the page stays open, it asks again once the wait should be over.
  const readyAt = link.status === "waiting" ? link.readyAt : null;
  useEffect(() => {
    if (!readyAt) return;
    const timer = setTimeout(() => void open(), Math.max(0, new Date(readyAt).getTime() - Date.now()) + RECHECK_GRACE_MS);
    return () => clearTimeout(timer);
  }, [readyAt, open]);

  function createPasskey(): void {
    void run(
      async () => {
        await createPasskeyForRecovery(token);
        router.replace("/account/passkeys");
        router.refresh();
      },
      { prompt: "create", fallback: GENERIC, leaves: true },
    );
  }

  if (link.status === "opening") {
    return (
      <p role="status" className="mt-4 text-sm text-slate-600">
        {t("opening")}
      </p>
    );
  }
  if (link.status === "refused") {
    return (
      <div className="mt-4 flex flex-col gap-4">
        <ErrorAlert message={link.message} />
        <Link href="/signin" className="text-sm font-semibold text-brand-700 underline-offset-2 hover:underline">
          {t("goToSignIn")}
        </Link>
      </div>
    );
  }
  if (link.status === "waiting") {
    return (
      <div className="mt-4 flex flex-col gap-4">
        <p role="status" className="text-sm text-slate-700">
          {t.rich("started", { time: () => <LocalTime iso={link.readyAt} /> })}
        </p>
        <p className="text-sm text-slate-600">
          {t("emailed")}
        </p>
        <Button variant="secondary" onClick={() => void open()}>
          {t("checkAgain")}
        </Button>
      </div>
    );
  }
  return (
    <div className="mt-4 flex flex-col gap-4">
      <p role="status" className="text-sm text-slate-700">
        {t("ready")}
      </p>
      {problem ? <ErrorAlert message={problem} /> : null}
      <Button onClick={createPasskey} disabled={busy} aria-busy={busy} className="w-full">
        {t("createPasskey")}
      </Button>
    </div>
  );
}
