"use client";

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { ErrorAlert, SuccessNotice } from "@/components/alert";
import { Button } from "@/components/button";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { GENERIC, useAction } from "@/lib/client/use-action";

export function ConfirmLinkForm({ token, address, purpose }: { token: string; address: string; purpose: "signup" | "change" }): ReactNode {
  const [done, setDone] = useState(false);
  const { busy, problem, run } = useAction();

  function confirm(): void {
    void run(
      async () => {
        await callApi("POST", API.emailConfirmLink, { token });
        setDone(true);
      },
      { fallback: GENERIC },
    );
  }

  if (done) {
    return (
      <div className="mt-4 flex flex-col gap-3">
        <SuccessNotice>
          {address} is confirmed{purpose === "change" ? " and is now your account's email" : ""}.
        </SuccessNotice>
        <Link href="/account" className="font-semibold text-brand-700 underline">
          Go to your account
        </Link>
      </div>
    );
  }
  return (
    <div className="mt-4 flex flex-col gap-3">
      <p className="text-sm break-words text-slate-700">
        {purpose === "change"
          ? `Confirm that ${address} is your email address and make it your account's email.`
          : `Confirm that ${address} is your email address.`}{" "}
        If you didn&apos;t ask for this, close this page: without this step, nobody can use your address here.
      </p>
      {problem ? <ErrorAlert message={problem} /> : null}
      <Button disabled={busy} aria-busy={busy} onClick={confirm}>
        Confirm email address
      </Button>
    </div>
  );
}
