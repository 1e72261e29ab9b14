"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, type FormEvent, type ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { EMAIL_PROMPT_FAILED, usePasskeySignIn } from "@/lib/client/use-passkey-sign-in";
import { EmailRecoveryForm } from "./email-recovery-form";
import { RecoveryCodeForm } from "./recovery-form";

/** `immediate`: opened with ?immediate=1, so a passkey this device holds is tried before the form shows. */
export function SignInForm({ callbackPath, immediate }: { callbackPath: string; immediate: boolean }): ReactNode {
  const t = useTranslations("signin");
  const common = useTranslations("common");
  const [showOtherWays, setShowOtherWays] = useState(false);
  // Another way in, open in place of the sign-in form: a recovery code, or recovery through the email.
  const [recovering, setRecovering] = useState<"code" | "email" | null>(null);
  const { problem, busy, checking, signInExplicitly, fail } = usePasskeySignIn(callbackPath, recovering !== null, immediate);

  function submitEmail(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    if (!email) {
      fail(t("emailRequired"));
      return;
    }
    void signInExplicitly(email);
  }

  if (checking) {
    return (
      <p role="status" className="mt-6 text-sm text-slate-600">
        {busy ? t("signingIn") : t("checking")}
      </p>
    );
  }
  if (recovering === "code") return <RecoveryCodeForm onBack={() => setRecovering(null)} />;
  if (recovering === "email") return <EmailRecoveryForm onBack={() => setRecovering(null)} />;

  return (
    <div className="mt-6 flex flex-col gap-4">
      <form onSubmit={submitEmail} className="flex flex-col gap-4" noValidate>
        <TextField id="email" name="email" label={common("email")} type="email" autoComplete="username webauthn" required maxLength={254} />
        {problem ? (
          <ErrorAlert message={problem.message}>
            {problem.code === EMAIL_PROMPT_FAILED ? (
              <Link href={`/signup?email=${encodeURIComponent(problem.email ?? "")}`} className="font-semibold underline">
                {t("createWithEmail")}
              </Link>
            ) : null}
          </ErrorAlert>
        ) : null}
        <Button type="submit" disabled={busy} aria-busy={busy} className="w-full">
          {t("next")}
        </Button>
      </form>
      <div className="flex flex-col gap-2 border-t border-slate-200 pt-4">
        <Button
          variant="quiet"
          aria-expanded={showOtherWays}
          aria-controls="other-ways"
          onClick={() => setShowOtherWays((shown) => !shown)}
        >
          {t("otherWays")}
        </Button>
        <div id="other-ways" hidden={!showOtherWays} className="flex flex-col gap-2">
          <Button variant="secondary" disabled={busy} onClick={() => void signInExplicitly(undefined)}>
            {t("anyPasskey")}
          </Button>
          <Button variant="secondary" disabled={busy} onClick={() => setRecovering("code")}>
            {t("useRecoveryCode")}
          </Button>
          <Button variant="secondary" disabled={busy} onClick={() => setRecovering("email")}>
            {t("cantUsePasskeys")}
          </Button>
        </div>
      </div>
      <p className="text-center text-sm text-slate-600">
        {t.rich("noAccount", {
          link: (chunks) => (
            <Link href="/signup" className="font-semibold text-brand-700 underline-offset-2 hover:underline">
              {chunks}
            </Link>
          ),
        })}
      </p>
    </div>
  );
}
