"use client";

import type { FormEvent, ReactNode } from "react";
import { TextField } from "@/components/text-field";
import { callApi, GENERIC_FAILURE } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { useAction } from "@/lib/client/use-action";
import { OtherWayForm } from "./other-way-form";

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
    <OtherWayForm
      intro={
        <>
          Lost every passkey and your recovery codes? We can email a recovery link to your account&apos;s confirmed
          address. To keep your account safe, you can create a new passkey only after a waiting period, and we tell you by
          email so you can cancel it if it wasn&apos;t you.
        </>
      }
      submitLabel="Start recovery"
      onSubmit={submit}
      onBack={onBack}
      busy={busy}
      problem={problem}
      notice={notice}
    >
      <TextField id="email-recovery-email" name="email" label="Email" type="email" autoComplete="username" required maxLength={254} />
    </OtherWayForm>
  );
}
