"use client";

import { signOut } from "next-auth/react";
import { useState, type ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";

export function SignOutButton(): ReactNode {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  async function signOutHere(): Promise<void> {
    setBusy(true);
    setFailed(false);
    try {
      // next-auth clears the cookie; its signOut event revokes the session row server-side.
      await signOut({ redirect: false });
      window.location.assign("/signin");
    } catch {
      setFailed(true);
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col gap-2">
      <Button variant="secondary" onClick={() => void signOutHere()} disabled={busy} aria-busy={busy}>
        Sign out
      </Button>
      {failed ? <ErrorAlert message="We couldn't sign you out. Check your connection and try again." /> : null}
    </div>
  );
}
