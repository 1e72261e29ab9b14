"use client";

import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/button";
import { requestJson } from "@/lib/client/browser-ceremonies";

export function DismissReportButton(): ReactNode {
  const router = useRouter();
  const [busy, setBusy] = useState(false);

  async function dismiss(): Promise<void> {
    setBusy(true);
    try {
      await requestJson("DELETE", "/api/account/email-report");
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Button variant="secondary" disabled={busy} aria-busy={busy} onClick={() => void dismiss().catch(() => undefined)}>
      Dismiss
    </Button>
  );
}
