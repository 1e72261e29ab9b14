"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";
import { useAction } from "@/lib/client/use-action";

export function SignOutButton(): ReactNode {
  const t = useTranslations("account");
  const { busy, problem, run } = useAction();

  function signOutHere(): void {
    void run(
      async () => {
        // next-auth clears the cookie; its signOut event revokes the session row server-side.
        await signOut({ redirect: false });
        window.location.assign("/signin");
      },
      { failureMessage: t("signOutFailed"), leaves: true },
    );
  }

  return (
    <div className="flex flex-col gap-2">
      <Button variant="secondary" onClick={signOutHere} disabled={busy} aria-busy={busy}>
        {t("signOut")}
      </Button>
      {problem ? <ErrorAlert message={problem} /> : null}
    </div>
  );
}
