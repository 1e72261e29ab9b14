"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";
import { LocalTime } from "@/components/time";
import { ApiError, callApi, GENERIC_FAILURE } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { createPasskeyForRecovery } from "@/lib/client/ceremonies/recover";
import { GENERIC, useAction } from "@/lib/client/use-action";

type LinkState =
  | { status: "opening" }
  | { status: "waiting" | "ready"; readyAt: string }
  | { status: "refused"; message: string };

const NO_TOKEN = "This recovery link is incomplete. Open the whole link from the email, or start recovery again from the sign-in page.";

/** Checks the link again this long after its wait should have ended (the two clocks may differ a little). */
const RECHECK_GRACE_MS = 1000;

/**
 * The recovery link, opened from this browser: the first open starts the wait and ties the
 * recovery to this browser; every later one says how far it is. When the wait is over (on a
 * later visit, or while the page stays open), "Create a new passkey" finishes the recovery.
 */
export function RecoverFlow({ token }: { token: string }): ReactNode {
  const router = useRouter();
  const [link, setLink] = useState<LinkState>(token ? { status: "opening" } : { status: "refused", message: NO_TOKEN });
  const { busy, problem, run } = useAction();

  const open = useCallback(async (): Promise<void> => {
    try {
      setLink(await callApi<{ status: "waiting" | "ready"; readyAt: string }>("POST", API.emailRecoveryOpen, { token }));
    } catch (failure) {
      setLink({ status: "refused", message: failure instanceof ApiError ? failure.message : GENERIC_FAILURE });
    }
  }, [token]);

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
        Opening your recovery link…
      </p>
    );
  }
  if (link.status === "refused") {
    return (
      <div className="mt-4 flex flex-col gap-4">
        <ErrorAlert message={link.message} />
        <Link href="/signin" className="text-sm font-semibold text-brand-700 underline-offset-2 hover:underline">
          Go to sign in
        </Link>
      </div>
    );
  }
  if (link.status === "waiting") {
    return (
      <div className="mt-4 flex flex-col gap-4">
        <p role="status" className="text-sm text-slate-700">
          Your recovery has started. To protect your account, you can create a new passkey from{" "}
          <LocalTime iso={link.readyAt} />, in this browser. Keep this page open, or open the link from the email again
          then.
        </p>
        <p className="text-sm text-slate-600">
          We emailed the account&apos;s address to say so. If the account&apos;s owner signs in with a passkey or cancels,
          this recovery stops.
        </p>
        <Button variant="secondary" onClick={() => void open()}>
          Check again
        </Button>
      </div>
    );
  }
  return (
    <div className="mt-4 flex flex-col gap-4">
      <p role="status" className="text-sm text-slate-700">
        Your recovery is ready. Create a new passkey on this device to sign in. Every device signed in to the account will
        be signed out, your recovery codes will stop working, and your earlier passkeys will be marked &ldquo;Before
        recovery&rdquo;.
      </p>
      {problem ? <ErrorAlert message={problem} /> : null}
      <Button onClick={createPasskey} disabled={busy} aria-busy={busy} className="w-full">
        Create a new passkey
      </Button>
    </div>
  );
}
