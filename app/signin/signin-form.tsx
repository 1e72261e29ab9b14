"use client";

import {
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  WebAuthnAbortService,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import {
  CeremonyFailure,
  describeCeremonyError,
  postJson,
  signalAcceptedCredentials,
  signalUnknownCredential,
  type AcceptedCredentialsSignal,
} from "@/lib/client/browser-ceremonies";
import { RecoveryCodeForm } from "./recovery-form";

// Re-arm autofill before its server-side challenge (5 minutes) expires.
const AUTOFILL_REFRESH_MS = 4 * 60 * 1000;
const AUTOFILL_RETRY_MIN_MS = 2 * 1000;
const AUTOFILL_RETRY_MAX_MS = 60 * 1000;
// Failures that retrying cannot fix: the page is served from an address the server refuses.
const NOT_RETRYABLE = new Set(["forbidden_origin"]);

interface Problem {
  message: string;
  code?: string;
  email?: string;
}

const EMAIL_PROMPT_FAILED = "email_prompt_failed";

/**
 * What to show after an explicit sign-in failed. "Next" answers every email alike (an unknown one
 * gets credentials no device holds), so whether an account exists only shows as a prompt that
 * finds no passkey; the offer to create an account comes then, worded for both cases.
 */
function problemAfterFailure(failure: unknown, email: string | undefined): Problem | null {
  const message = describeCeremonyError(failure, "get");
  if (!message) return null;
  const code = (failure as { code?: string }).code;
  if (email && !(failure instanceof CeremonyFailure) && (failure as Error)?.name === "NotAllowedError") {
    return {
      message:
        "We couldn't sign you in with a passkey for that email: the prompt was cancelled or timed out, your device couldn't verify you, or it holds no passkey for that email. Try again, choose another way to sign in, or create an account.",
      code: EMAIL_PROMPT_FAILED,
      email,
    };
  }
  return { message, code, email };
}

export function SignInForm({ callbackPath }: { callbackPath: string }): ReactNode {
  const router = useRouter();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [showOtherWays, setShowOtherWays] = useState(false);
  const [recovering, setRecovering] = useState(false);
  const autofillGeneration = useRef(0);
  const autofillFailures = useRef(0);
  const autofillRetry = useRef<number | undefined>(undefined);

  const signInWith = useCallback(
    async (email: string | undefined, useBrowserAutofill: boolean): Promise<void> => {
      const optionsJSON = await postJson<PublicKeyCredentialRequestOptionsJSON>("/api/session/sign-in/options", email ? { email } : {});
      const response = await startAuthentication({ optionsJSON, useBrowserAutofill });
      setBusy(true);
      let verified: { signal: AcceptedCredentialsSignal };
      try {
        verified = await postJson("/api/session/sign-in/verify", { response });
      } catch (failure) {
        // Tell the passkey provider to forget a passkey we no longer know (e.g. removed elsewhere).
        if (failure instanceof CeremonyFailure && failure.code === "unknown_credential" && optionsJSON.rpId) {
          await signalUnknownCredential(optionsJSON.rpId, response.id);
        }
        throw failure;
      }
      await signalAcceptedCredentials(verified.signal);
      router.replace(callbackPath);
      router.refresh();
    },
    [callbackPath, router],
  );

  const startAutofill = useCallback(async (): Promise<void> => {
    if (!(await browserSupportsWebAuthnAutofill())) return;
    window.clearTimeout(autofillRetry.current);
    const generation = ++autofillGeneration.current;
    try {
      await signInWith(undefined, true);
    } catch (failure) {
      // A newer ceremony (a button, or the refresh timer) aborted this one: nothing to report.
      if (generation !== autofillGeneration.current) return;
      setBusy(false);
      const code = failure instanceof CeremonyFailure ? failure.code : undefined;
      // The browser's own sheet already told the person a cancelled or failed prompt; server
      // verdicts (unknown passkey, expired challenge…) are news and get shown.
      if (failure instanceof CeremonyFailure) setProblem({ message: failure.message, code });
      if (code && NOT_RETRYABLE.has(code)) return;
      // Back off so a failure that repeats by itself never turns into a request loop.
      const delay = Math.min(AUTOFILL_RETRY_MAX_MS, AUTOFILL_RETRY_MIN_MS * 2 ** autofillFailures.current++);
      autofillRetry.current = window.setTimeout(() => void startAutofill(), delay);
    }
  }, [signInWith]);

  useEffect(() => {
    // The recovery form has no passkey field: no autofill request may wait behind it.
    if (recovering) {
      autofillGeneration.current++;
      WebAuthnAbortService.cancelCeremony();
      return;
    }
    void startAutofill();
    const timer = window.setInterval(() => {
      autofillFailures.current = 0;
      void startAutofill();
    }, AUTOFILL_REFRESH_MS);
    return () => {
      window.clearInterval(timer);
      window.clearTimeout(autofillRetry.current);
      autofillGeneration.current++;
    };
  }, [startAutofill, recovering]);

  async function runExplicit(email: string | undefined): Promise<void> {
    autofillGeneration.current++;
    window.clearTimeout(autofillRetry.current);
    autofillFailures.current = 0;
    setProblem(null);
    setBusy(true);
    try {
      await signInWith(email, false);
    } catch (failure) {
      setProblem(problemAfterFailure(failure, email));
      setBusy(false);
      void startAutofill();
    }
  }

  function submitEmail(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    if (!email) {
      setProblem({ message: "Enter your email address, or choose another way to sign in." });
      return;
    }
    void runExplicit(email);
  }

  if (recovering) return <RecoveryCodeForm onBack={() => setRecovering(false)} />;

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
          <Button variant="secondary" disabled={busy} onClick={() => void runExplicit(undefined)}>
            Face, fingerprint, PIN, or security key
          </Button>
          <Button variant="secondary" disabled={busy} onClick={() => setRecovering(true)}>
            Use a recovery code
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
