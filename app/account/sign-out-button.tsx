"use client";

import { signOut } from "next-auth/react";
import type { ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";
import { useAction } from "@/lib/client/use-action";

export function SignOutButton(): ReactNode {
  const { busy, problem, run } = useAction();

  function signOutHere(): void {
    void run(
      async () => {
        // next-auth clears the cookie; its signOut event revokes the session row server-side.
        await signOut({ redirect: false });
        window.location.assign("/signin");
      },
      { failureMessage: "We couldn't sign you out. Check your connection and try again.", leaves: true },
    );
  }

  return (
    <div className="flex flex-col gap-2">
      <Button variant="secondary" onClick={signOutHere} disabled={busy} aria-busy={busy}>
        Sign out
      </Button>
      {problem ? <ErrorAlert message={problem} /> : null}
    </div>
  );
}
