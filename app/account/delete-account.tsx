"use client";

import { signOut } from "next-auth/react";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import {
  describeCeremonyError,
  requestJson,
  signalAcceptedCredentials,
  withStepUp,
  type AcceptedCredentialsSignal,
} from "@/lib/client/browser-ceremonies";

export function DeleteAccount({ email }: { email: string }): ReactNode {
  const dialog = useRef<HTMLDialogElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function open(): void {
    setProblem(null);
    dialog.current?.showModal();
  }

  async function confirm(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const typed = String(new FormData(event.currentTarget).get("confirm-email") ?? "").trim();
    if (typed.toLowerCase() !== email.toLowerCase()) {
      setProblem("That isn't your account's email. Type it exactly to confirm.");
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const { signal } = await withStepUp(() =>
        requestJson<{ signal: AcceptedCredentialsSignal }>("DELETE", "/api/account", { email: typed }),
      );
      // An empty list tells the passkey provider that none of this account's passkeys work any more.
      await signalAcceptedCredentials(signal);
      await signOut({ redirect: false }).catch(() => undefined);
      window.location.assign("/signin?deleted=1");
    } catch (failure) {
      setProblem(describeCeremonyError(failure, "confirm") ?? "Your account was not deleted. Please try again.");
      setBusy(false);
    }
  }

  return (
    <>
      <Button className="bg-red-700 hover:bg-red-800" onClick={open}>
        Delete account
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="delete-title"
        aria-describedby="delete-description"
        className="m-auto max-w-md rounded-2xl p-6 shadow-xl backdrop:bg-slate-900/40"
      >
        <form onSubmit={(event) => void confirm(event)} className="flex flex-col gap-4" noValidate>
          <h2 id="delete-title" className="text-lg font-semibold">
            Delete your account?
          </h2>
          <div id="delete-description" className="flex flex-col gap-2 text-sm text-slate-600">
            <p>
              This deletes your account at once, with all your passkeys, signed-in devices, recovery codes and activity.
              It can&apos;t be undone.
            </p>
            <p>
              We keep no record of it, except the one email we send to {email} to confirm the deletion. We&apos;ll ask you to
              confirm with a passkey.
            </p>
          </div>
          <TextField id="confirm-email" name="confirm-email" label="Type your email to confirm" type="email" autoComplete="off" required />
          {problem ? <ErrorAlert message={problem} /> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" className="bg-red-700 hover:bg-red-800" disabled={busy} aria-busy={busy}>
              Delete my account
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
