import type { ReactNode } from "react";
import { pendingRecoveryFor } from "@/lib/server/recovery/pending-recovery";
import { getCurrentSession } from "@/lib/server/sessions/sessions";
import { RecoveryBanner } from "./recovery-banner";

/**
 * Every page under /account: while someone waits to recover the account through its email, each
 * of them warns the owner, who can cancel it from there. (Each page still checks the session itself.)
 */
export default async function AccountLayout({ children }: { children: ReactNode }): Promise<ReactNode> {
  const session = await getCurrentSession();
  const pending = session ? await pendingRecoveryFor(session.userId) : null;
  return (
    <>
      <RecoveryBanner pending={pending ? { readyAt: pending.readyAt.toISOString(), ready: pending.ready } : null} />
      {children}
    </>
  );
}
