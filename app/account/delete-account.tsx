"use client";

import { signOut } from "next-auth/react";
import { useRef, type ReactNode } from "react";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { TextField } from "@/components/text-field";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { withStepUp } from "@/lib/client/ceremonies/step-up";
import { signalAcceptedCredentials, type AcceptedCredentialsSignal } from "@/lib/client/signals";
import { useAction } from "@/lib/client/use-action";

export function DeleteAccount({ email }: { email: string }): ReactNode {
  const dialog = useRef<HTMLDialogElement>(null);
  const { busy, problem, run, fail, clear } = useAction();

  function open(): void {
    clear();
    dialog.current?.showModal();
  }

  function confirm(form: HTMLFormElement): void {
    const typed = String(new FormData(form).get("confirm-email") ?? "").trim();
    if (typed.toLowerCase() !== email.toLowerCase()) {
      fail("That isn't your account's email. Type it exactly to confirm.");
      return;
    }
    void run(
      async () => {
        const { signal } = await withStepUp(() => callApi<{ signal: AcceptedCredentialsSignal }>("DELETE", API.account, { email: typed }));
        // An empty list tells the passkey provider that none of this account's passkeys work any more.
        await signalAcceptedCredentials(signal);
        await signOut({ redirect: false }).catch(() => undefined);
        window.location.assign("/signin?deleted=1");
      },
      { prompt: "confirm", fallback: "Your account was not deleted. Please try again.", leaves: true },
    );
  }

  return (
    <>
      <Button className="bg-red-700 hover:bg-red-800" onClick={open}>
        Delete account
      </Button>
      <ConfirmDialog
        ref={dialog}
        id="delete"
        title="Delete your account?"
        heading="h2"
        description={
          <>
            <p>
              This deletes your account at once, with all your passkeys, signed-in devices, recovery codes and activity.
              It can&apos;t be undone.
            </p>
            <p>
              We keep no record of it, except the one email we send to {email} to confirm the deletion. We&apos;ll ask you to
              confirm with a passkey.
            </p>
          </>
        }
        confirmLabel="Delete my account"
        onConfirm={confirm}
        busy={busy}
        problem={problem}
      >
        <TextField id="confirm-email" name="confirm-email" label="Type your email to confirm" type="email" autoComplete="off" required />
      </ConfirmDialog>
    </>
  );
}
