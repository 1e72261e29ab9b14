import type { ReactNode } from "react";
import { ErrorAlert, SuccessNotice } from "./alert";

// Its own module, not alert.tsx: /signin needs only ErrorAlert and carries every byte it imports.
/** What the last action said: its problem, or the change it made. */
export function ActionMessages({ problem, notice }: { problem: string | null; notice?: string | null }): ReactNode {
  return (
    <>
      {problem ? <ErrorAlert message={problem} /> : null}
      {notice ? <SuccessNotice>{notice}</SuccessNotice> : null}
    </>
  );
}
