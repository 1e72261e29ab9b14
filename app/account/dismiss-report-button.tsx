"use client";

import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { Button } from "@/components/button";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { useAction } from "@/lib/client/use-action";

export function DismissReportButton(): ReactNode {
  const router = useRouter();
  // A failed dismissal shows nothing: the report simply stays, and the button can be pressed again.
  const { busy, run } = useAction();

  function dismiss(): void {
    void run(async () => {
      await callApi("DELETE", API.emailReport);
      router.refresh();
    });
  }

  return (
    <Button variant="secondary" disabled={busy} aria-busy={busy} onClick={dismiss}>
      Dismiss
    </Button>
  );
}
