"use client";

import { useState, type ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";
import { describeCeremonyError, postJson } from "@/lib/client/browser-ceremonies";

export function ReportChangeButton({ token }: { token: string }): ReactNode {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function report(): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      await postJson("/api/email/report-change", { token });
      // Every session of the account is revoked, this browser's included if it had one.
      window.location.assign("/signin?reported=1");
    } catch (failure) {
      setProblem(describeCeremonyError(failure, "get") ?? "Something went wrong. Please try again.");
      setBusy(false);
    }
  }

  return (
    <>
      {problem ? <ErrorAlert message={problem} /> : null}
      <Button className="bg-red-700 hover:bg-red-800" disabled={busy} aria-busy={busy} onClick={() => void report()}>
        This wasn&apos;t me
      </Button>
    </>
  );
}
