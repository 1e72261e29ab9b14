"use client";

import type { FormEvent, ReactNode } from "react";
import { ErrorAlert, SuccessNotice } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { callApi, GENERIC_FAILURE } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { useAction } from "@/lib/client/use-action";

/**
 * "I can't use any of my passkeys": the last way back in, through the account's confirmed email.
 * The server answers the same words for every address, so this page never tells whether an
 * account exists; the emailed link continues on /recover.
 */
export function EmailRecoveryForm({ onBack }: { onBack: () => void }): ReactNode {
  const { busy, problem, notice, run, fail } = useAction();

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    if (!email) {
      fail("Enter the email address of your account.");
      return;
    }
    void run(async () => (await callApi<{ message: string }>("POST", API.emailRecoveryStart, { email })).message, { fallback: GENERIC_FAILURE });
  }

  return (
    <div className="mt-6 flex flex-col gap-4">
      <p className="text-sm text-slate-600">
        Lost every passkey and your recovery codes? We can email a recovery link to your account&apos;s confirmed address.
        To keep your account safe, you can create a new passkey only after a waiting period, and we tell you by email so
        you can cancel it if it wasn&apos;t you.
      </p>
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <TextField id="email-recovery-email" name="email" label="Email" type="email" autoComplete="username" required maxLength={254} />
        {problem ? <ErrorAlert message={problem} /> : null}
        {notice ? <SuccessNotice>{notice}</SuccessNotice> : null}
        <Button type="submit" disabled={busy} aria-busy={busy} className="w-full">
          Start recovery
        </Button>
      </form>
      <Button variant="quiet" onClick={onBack}>
        Use a passkey instead
      </Button>
    </div>
  );
}
