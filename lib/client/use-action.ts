// The one place an account page runs something a person asked for: it is busy meanwhile, shows
// what went wrong as a sentence, or what worked as a notice.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { describeFailure, type PromptKind } from "./failure-message";

export interface RunOptions {
  /** The passkey prompt the work may show (default "get"): picks the words for a cancelled one. */
  prompt?: PromptKind;
  /** Said when the failure has no words of its own (a prompt this page withdrew); "generic": errors.json's generic sentence. */
  fallback?: string;
  /** Said for any failure, in place of its own words (work that isn't an API call or a prompt). */
  failureMessage?: string;
  /** The work ends by leaving the page: stay busy so nothing is pressed twice on the way out. */
  leaves?: boolean;
  /** Which of several controls started the work, for their aria-busy. */
  key?: string;
}

export interface Action {
  /** The key of the work under way, or null. */
  pending: string | null;
  busy: boolean;
  problem: string | null;
  notice: string | null;
  /** Runs the work; a string it returns becomes the notice. Answers whether it succeeded. */
  run: (work: () => Promise<string | void>, options?: RunOptions) => Promise<boolean>;
  fail: (message: string) => void;
  notify: (message: string) => void;
  clear: () => void;
}

/** The fallback that says only "Something went wrong. Please try again." in the page's language. */
export const GENERIC = "generic";

export function useAction(): Action {
  const failures = useTranslations("errors");
  const [pending, setPending] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function run(work: () => Promise<string | void>, options: RunOptions = {}): Promise<boolean> {
    setPending(options.key ?? "action");
    setProblem(null);
    setNotice(null);
    try {
      const outcome = await work();
      if (typeof outcome === "string") setNotice(outcome);
      if (!options.leaves) setPending(null);
      return true;
    } catch (failure) {
      const fallback = options.fallback === GENERIC ? failures("generic") : (options.fallback ?? null);
      setProblem(options.failureMessage ?? describeFailure(failure, options.prompt ?? "get", failures) ?? fallback);
      setPending(null);
      return false;
    }
  }

  return {
    pending,
    busy: pending !== null,
    problem,
    notice,
    run,
    fail: setProblem,
    notify: setNotice,
    clear: () => {
      setProblem(null);
      setNotice(null);
    },
  };
}
