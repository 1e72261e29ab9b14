"use client";

import Link from "next/link";
import { useState, type FormEvent, type ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { EMAIL_PROMPT_FAILED, usePasskeySignIn } from "@/lib/client/use-passkey-sign-in";
import { EmailRecoveryForm } from "./email-recovery-form";
import { RecoveryCodeForm } from "./recovery-form";

/** `immediate`: opened with ?immediate=1, so a passkey this device holds is tried before the form shows. */
export function SignInForm({ callbackPath, immediate }: { callbackPath: string; immediate: boolean }): ReactNode {
  const [showOtherWays, setShowOtherWays] = useState(false);
  // Another way in, open in place of the sign-in form: a recovery code, or recovery through the email.
  const [recovering, setRecovering] = useState<"code" | "email" | null>(null);
  const { problem, busy, checking, signInExplicitly, fail } = usePasskeySignIn(callbackPath, recovering !== null, immediate);

  function submitEmail(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    if (!email) {
      fail("Enter your email address, or choose another way to sign in.");
      return;
    }
    void signInExplicitly(email);
  }

  if (checking) {
    return (
      <p role="status" className="mt-6 text-sm text-slate-600">
        {busy ? "Signing you in…" : "Checking for a passkey…"}
      </p>
    );
  }
  if (recovering === "code") return <RecoveryCodeForm onBack={() => setRecovering(null)} />;
  if (recovering === "email") return <EmailRecoveryForm onBack={() => setRecovering(null)} />;

  return (
    <div className="mt-6 flex flex-col gap-4">
      <form onSubmit={submitEmail} className="flex flex-col gap-4" noValidate>
        <TextField id="email" name="email" label="Email" type="email" autoComplete="username webauthn" required maxLength={254} />
        {problem ? (
          <ErrorAlert message={problem.message}>
            {problem.code === EMAIL_PROMPT_FAILED ? (
              <Link href={`/signup?email=${encodeURIComponent(problem.email ?? "")}`} className="font-semibold underline">
                Create an account with this email
              </Link>
            ) : null}
          </ErrorAlert>
        ) : null}
        <Button type="submit" disabled={busy} aria-busy={busy} className="w-full">
          Next
        </Button>
      </form>
      <div className="flex flex-col gap-2 border-t border-slate-200 pt-4">
        <Button
          variant="quiet"
          aria-expanded={showOtherWays}
          aria-controls="other-ways"
          onClick={() => setShowOtherWays((shown) => !shown)}
        >
          Other ways to sign in
        </Button>
        <div id="other-ways" hidden={!showOtherWays} className="flex flex-col gap-2">
          <Button variant="secondary" disabled={busy} onClick={() => void signInExplicitly(undefined)}>
            Face, fingerprint, PIN, or security key
          </Button>
          <Button variant="secondary" disabled={busy} onClick={() => setRecovering("code")}>
            Use a recovery code
          </Button>
          <Button variant="secondary" disabled={busy} onClick={() => setRecovering("email")}>
            I can&apos;t use any of my passkeys
          </Button>
        </div>
      </div>
      <p className="text-center text-sm text-slate-600">
        No account?{" "}
        <Link href="/signup" className="font-semibold text-brand-700 underline-offset-2 hover:underline">
          Create one!
        </Link>
      </p>
    </div>
  );
}
