// The sign-in page's passkey side: an immediate attempt before the form (/signin?immediate=1), the
// autofill request that waits in the email field, and the explicit ceremonies (email-first, or any
// passkey) that take its place while they run. Only one WebAuthn request is ever pending.
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "./api";
import { cancelWaitingPrompt, signIn, supportsAutofill, type SignInPrompt } from "./ceremonies/sign-in";
import { describeFailure, isPromptRefused, type FailureWords } from "./failure-message";
import { immediateSignInPossible } from "./immediate-sign-in";

// Re-arm autofill before its server-side challenge (5 minutes) expires.
const AUTOFILL_REFRESH_MS = 4 * 60 * 1000;
const AUTOFILL_RETRY_MIN_MS = 2 * 1000;
const AUTOFILL_RETRY_MAX_MS = 60 * 1000;
// Failures that retrying cannot fix: the page is served from an address the server refuses.
const NOT_RETRYABLE = new Set(["forbidden_origin"]);

export const EMAIL_PROMPT_FAILED = "email_prompt_failed";

export interface SignInProblem {
  message: string;
  code?: string;
  email?: string;
}

/**
 * What to show after an explicit sign-in failed. "Next" answers every email alike (an unknown one
 * gets credentials no device holds), so whether an account exists only shows as a prompt that
 * finds no passkey; the offer to create an account comes then, worded for both cases.
 */
function problemAfterFailure(failure: unknown, email: string | undefined, t: FailureWords): SignInProblem | null {
  const message = describeFailure(failure, "get", t);
  if (!message) return null;
  const code = (failure as { code?: string }).code;
  if (email && isPromptRefused(failure)) {
    return {
      message: t("emailPromptFailed"),
      code: EMAIL_PROMPT_FAILED,
      email,
    };
  }
  return { message, code, email };
}

export interface PasskeySignIn {
  problem: SignInProblem | null;
  busy: boolean;
  /** An immediate sign-in is being tried: the form, and autofill, wait until it has failed. */
  checking: boolean;
  /** Email-first with an email; any passkey for this site without one. */
  signInExplicitly: (email: string | undefined) => Promise<void>;
  fail: (message: string) => void;
}

/**
 * `paused`: another form has the page (recovery codes), so no autofill request may wait behind it.
 * `immediate`: the page was opened with ?immediate=1 (see ./immediate-sign-in.ts).
 */
export function usePasskeySignIn(callbackPath: string, paused: boolean, immediate: boolean): PasskeySignIn {
  const router = useRouter();
  const failures = useTranslations("errors");
  const [problem, setProblem] = useState<SignInProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [checking, setChecking] = useState(immediate);
  const immediateTried = useRef(false);
  const autofillGeneration = useRef(0);
  const autofillFailures = useRef(0);
  const autofillRetry = useRef<number | undefined>(undefined);

  const signInWith = useCallback(
    async (email: string | undefined, prompt: SignInPrompt): Promise<void> => {
      await signIn({ email, prompt, onAnswered: () => setBusy(true) });
      router.replace(callbackPath);
      router.refresh();
    },
    [callbackPath, router],
  );

  const startAutofill = useCallback(async (): Promise<void> => {
    if (!(await supportsAutofill())) return;
    window.clearTimeout(autofillRetry.current);
    const generation = ++autofillGeneration.current;
    try {
      await signInWith(undefined, "autofill");
    } catch (failure) {
      // A newer ceremony (a button, or the refresh timer) aborted this one: nothing to report.
      if (generation !== autofillGeneration.current) return;
      setBusy(false);
      const code = failure instanceof ApiError ? failure.code : undefined;
      // The browser's own sheet already told the person a cancelled or failed prompt; server
      // verdicts (unknown passkey, expired challenge…) are news and get shown.
      if (failure instanceof ApiError) setProblem({ message: describeFailure(failure, "get", failures) ?? failure.message, code });
      if (code && NOT_RETRYABLE.has(code)) return;
      // Back off so a failure that repeats by itself never turns into a request loop.
      const delay = Math.min(AUTOFILL_RETRY_MAX_MS, AUTOFILL_RETRY_MIN_MS * 2 ** autofillFailures.current++);
      autofillRetry.current = window.setTimeout(() => void startAutofill(), delay);
    }
  }, [signInWith, failures]);

  useEffect(() => {
    // Once per page: React may run this effect twice, and a second request would abort the first.
    if (!checking || immediateTried.current) return;
    immediateTried.current = true;
    void (async () => {
      try {
        if (await immediateSignInPossible(immediate)) {
          await signInWith(undefined, "immediate");
          return;
        }
      } catch {
        // No passkey on this device, the person dismissed the sheet, or any other failure: the
        // form simply appears, as it would have without the attempt.
      }
      setBusy(false);
      setChecking(false);
    })();
  }, [checking, immediate, signInWith]);

  useEffect(() => {
    if (checking) return;
    if (paused) {
      autofillGeneration.current++;
      cancelWaitingPrompt();
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
  }, [startAutofill, paused, checking]);

  async function signInExplicitly(email: string | undefined): Promise<void> {
    autofillGeneration.current++;
    window.clearTimeout(autofillRetry.current);
    autofillFailures.current = 0;
    setProblem(null);
    setBusy(true);
    try {
      await signInWith(email, "modal");
    } catch (failure) {
      setProblem(problemAfterFailure(failure, email, failures));
      setBusy(false);
      void startAutofill();
    }
  }

  return { problem, busy, checking, signInExplicitly, fail: (message) => setProblem({ message }) };
}
