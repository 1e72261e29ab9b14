"use client";

import { useState, type ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";
import { Panel } from "@/components/panel";
import { LocalDate } from "@/components/time";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { withStepUp } from "@/lib/client/ceremonies/step-up";
import { useAction } from "@/lib/client/use-action";

interface Props {
  unused: number;
  total: number;
  createdAt: string | null;
  email: string;
}

function StatusLine({ unused, total, createdAt }: Props): ReactNode {
  if (total === 0) return "You have no recovery codes yet.";
  // The date in the reader's zone is filled in by the browser: formatted here, the server's
  // zone and locale would disagree with the browser's at hydration.
  const created = createdAt ? (
    <>
      {" "}
      Created <LocalDate iso={createdAt} />.
    </>
  ) : null;
  return (
    <>
      {unused === 0 ? `You've used all ${total} of your recovery codes.` : `${unused} of ${total} recovery codes left.`}
      {created}
    </>
  );
}

export function RecoveryCodes(props: Props): ReactNode {
  const [codes, setCodes] = useState<string[] | null>(null);
  const { busy, problem, notice, run, fail, notify } = useAction();

  function generate(): void {
    void run(
      async () => {
        const result = await withStepUp(() => callApi<{ codes: string[] }>("POST", API.recoveryCodes, {}));
        setCodes(result.codes);
      },
      { prompt: "confirm" },
    );
  }

  const asText = codes
    ? `Recovery codes for ${props.email}\nEach code signs in once. Keep them private.\n\n${codes.join("\n")}\n`
    : "";

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(asText);
      notify("Codes copied to the clipboard.");
    } catch {
      fail("Your browser didn't allow copying. Select the codes and copy them, or download them.");
    }
  }

  function download(): void {
    const url = URL.createObjectURL(new Blob([asText], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "recovery-codes.txt";
    link.click();
    URL.revokeObjectURL(url);
    notify("Codes downloaded as recovery-codes.txt.");
  }

  return (
    <Panel headingId="codes-heading" title="Your codes" headingClassName="text-lg font-semibold" className="flex flex-col gap-4">
      {codes ? (
        <>
          <p role="status" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Save these codes now: they won&apos;t be shown again. Any earlier recovery codes no longer work.
          </p>
          <ul aria-label="New recovery codes" className="grid grid-cols-2 gap-2 font-mono text-base tracking-wider">
            {codes.map((code) => (
              <li key={code} className="rounded-md bg-slate-100 px-3 py-2 text-center select-all">
                {code}
              </li>
            ))}
          </ul>
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => void copy()}>
              Copy codes
            </Button>
            <Button variant="secondary" onClick={download}>
              Download codes
            </Button>
          </div>
        </>
      ) : (
        <p className="text-sm text-slate-700">
          <StatusLine {...props} />
        </p>
      )}
      {notice ? (
        <p role="status" className="text-sm text-green-800">
          {notice}
        </p>
      ) : null}
      {problem ? <ErrorAlert message={problem} /> : null}
      <div className="flex flex-col gap-2 border-t border-slate-200 pt-4">
        <p className="text-sm text-slate-600">
          {props.total > 0 || codes
            ? "Generating new codes replaces your current ones: any earlier codes stop working."
            : "You get 10 codes; each signs in once."}{" "}
          We&apos;ll ask you to confirm with a passkey.
        </p>
        <div>
          <Button onClick={generate} disabled={busy} aria-busy={busy}>
            Generate recovery codes
          </Button>
        </div>
      </div>
    </Panel>
  );
}
