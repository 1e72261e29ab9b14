"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState, type ReactNode } from "react";
import { SuccessNotice } from "./alert";

// A quiet attempt usually settles at once; past this, the prompt shows while it goes on, so a
// browser that leaves it pending never hides the prompt for long.
const QUIET_GRACE_MS = 2500;

type Phase = "trying" | "saved" | "offer";

function alreadyTried(key: string): boolean {
  try {
    if (sessionStorage.getItem(key)) return true;
    sessionStorage.setItem(key, "tried");
    return false;
  } catch {
    return false;
  }
}

/**
 * For a session whose browser holds none of the account's passkeys (`needed`): where the
 * browser can save one quietly (conditional create) and the account allows the synced passkey
 * that makes (`quietly`), asks it to, once per session in this tab (`attemptKey`), and says so
 * when one was saved. Otherwise, or when the browser declines, shows `children`, the prompt to
 * add one by hand. Nothing alarming is ever shown for a quiet attempt that did not work.
 */
export function PasskeyHere({ needed, quietly, attemptKey, children }: { needed: boolean; quietly: boolean; attemptKey: string; children: ReactNode }): ReactNode {
  const router = useRouter();
  const t = useTranslations("passkeys");
  const [phase, setPhase] = useState<Phase>(needed && quietly ? "trying" : "offer");

  useEffect(() => {
    if (!needed || !quietly) return;
    if (alreadyTried(`portal.passkey-here.${attemptKey}`)) {
      setPhase((current) => (current === "trying" ? "offer" : current));
      return;
    }
    const grace = setTimeout(() => setPhase((current) => (current === "trying" ? "offer" : current)), QUIET_GRACE_MS);
    void (async () => {
      try {
        // Loaded only by a session that needs it: most visits to these pages never create a passkey.
        const { addPasskeyQuietly, canAddPasskeyQuietly } = await import("@/lib/client/ceremonies/add-passkey");
        if (!(await canAddPasskeyQuietly())) throw new Error("This browser can't save a passkey quietly.");
        await addPasskeyQuietly();
        setPhase("saved");
        router.refresh();
      } catch (error) {
        console.info("No passkey saved quietly:", (error as Error).message);
        setPhase((current) => (current === "saved" ? current : "offer"));
      } finally {
        clearTimeout(grace);
      }
    })();
    return () => clearTimeout(grace);
  }, [needed, quietly, attemptKey, router]);

  if (phase === "saved") return <SuccessNotice>{t("savedQuietly")}</SuccessNotice>;
  return needed && phase === "offer" ? children : null;
}
