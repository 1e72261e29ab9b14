"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { ErrorAlert, SuccessNotice } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { describeCeremonyError, postJson, signalCurrentUserDetails, type CurrentUserDetailsSignal } from "@/lib/client/browser-ceremonies";

/** "Confirm your email" (a new account) or "Confirm your new email" (a requested change). */
export function EmailConfirmation({ purpose, address }: { purpose: "signup" | "change"; address: string }): ReactNode {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function run(action: () => Promise<void>): Promise<void> {
    setBusy(true);
    setProblem(null);
    setNotice(null);
    try {
      await action();
    } catch (failure) {
      setProblem(describeCeremonyError(failure, "get") ?? "Something went wrong. Please try again.");
    } finally {
      setBusy(false);
    }
  }

  function confirm(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    void run(async () => {
      const { signal } = await postJson<{ signal: CurrentUserDetailsSignal }>("/api/account/email/confirm", { code });
      // The passkey provider lists the account under its email: keep it current.
      await signalCurrentUserDetails(signal);
      router.refresh();
    });
  }

  function resend(): void {
    void run(async () => {
      await postJson("/api/account/email/resend", {});
      setNotice(`We sent a new code to ${address}. Codes sent before it no longer work.`);
    });
  }

  const heading = purpose === "change" ? "Confirm your new email" : "Confirm your email";
  return (
    <section aria-labelledby="confirm-email-heading" className="rounded-2xl border border-amber-300 bg-amber-50 p-5 text-amber-950">
      <h2 id="confirm-email-heading" className="font-semibold">
        {heading}
      </h2>
      <p className="mt-1 text-sm break-words">
        We sent a code to <strong>{address}</strong>. Enter it here, or open the link in that email.{" "}
        {purpose === "change"
          ? "Your account keeps its current email until then; the code works for an hour."
          : "Until then we send you no security emails, and the address isn't yours on this site yet."}
      </p>
      <form onSubmit={confirm} className="mt-3 flex flex-col gap-3" noValidate>
        <TextField id="confirmation-code" name="code" label="Confirmation code" inputMode="numeric" autoComplete="one-time-code" maxLength={32} required />
        {problem ? <ErrorAlert message={problem} /> : null}
        {notice ? <SuccessNotice>{notice}</SuccessNotice> : null}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={busy} aria-busy={busy}>
            Confirm
          </Button>
          <Button variant="secondary" disabled={busy} onClick={resend}>
            Send a new code
          </Button>
        </div>
      </form>
    </section>
  );
}
