"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { describeCeremonyError, postJson } from "@/lib/client/browser-ceremonies";

/** Where a recovery sign-in lands: the passkey list, with a prompt to add one on this device. */
export const AFTER_RECOVERY = "/account/passkeys?recovered=1";

export function RecoveryCodeForm({ onBack }: { onBack: () => void }): ReactNode {
  const router = useRouter();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const code = String(form.get("code") ?? "").trim();
    if (!email || !code) {
      setProblem("Enter your email and one of your recovery codes.");
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      await postJson("/api/recovery/sign-in", { email, code });
      router.replace(AFTER_RECOVERY);
      router.refresh();
    } catch (failure) {
      setProblem(describeCeremonyError(failure, "get") ?? "Something went wrong. Please try again.");
      setBusy(false);
    }
  }

  return (
    <div className="mt-6 flex flex-col gap-4">
      <p className="text-sm text-slate-600">
        Lost the device with your passkey? Enter your email and one of the recovery codes you saved. Each code works once.
      </p>
      <form onSubmit={(event) => void submit(event)} className="flex flex-col gap-4" noValidate>
        <TextField id="recovery-email" name="email" label="Email" type="email" autoComplete="username" required maxLength={254} />
        <TextField
          id="recovery-code"
          name="code"
          label="Recovery code"
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          required
          maxLength={64}
          placeholder="XXXX-XXXX-XXXX"
        />
        {problem ? <ErrorAlert message={problem} /> : null}
        <Button type="submit" disabled={busy} aria-busy={busy} className="w-full">
          Sign in
        </Button>
      </form>
      <Button variant="quiet" onClick={onBack}>
        Use a passkey instead
      </Button>
    </div>
  );
}
