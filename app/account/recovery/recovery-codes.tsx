"use client";

import { useTranslations } from "next-intl";
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

const FILE_NAME = "recovery-codes.txt";

function StatusLine({ unused, total, createdAt }: Props): ReactNode {
  const t = useTranslations("recovery");
  if (total === 0) return t("noCodes");
  // The date in the reader's zone is filled in by the browser: formatted here, the server's
  // zone and locale would disagree with the browser's at hydration.
  const created = createdAt ? t.rich("created", { date: () => <LocalDate iso={createdAt} /> }) : null;
  return (
    <>
      {unused === 0 ? t("usedAll", { total }) : t("left", { unused, total })}
      {created}
    </>
  );
}

export function RecoveryCodes(props: Props): ReactNode {
  const t = useTranslations("recovery");
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
    ? `${t("fileText", { email: props.email })}\n\n${codes.join("\n")}\n`
    : "";

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(asText);
      notify(t("copied"));
    } catch {
      fail(t("copyRefused"));
    }
  }

  function download(): void {
    const url = URL.createObjectURL(new Blob([asText], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = FILE_NAME;
    link.click();
    URL.revokeObjectURL(url);
    notify(t("downloaded", { file: FILE_NAME }));
  }

  return (
    <Panel headingId="codes-heading" title={t("yourCodes")} headingClassName="text-lg font-semibold" className="flex flex-col gap-4">
      {codes ? (
        <>
          <p role="status" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {t("saveNow")}
          </p>
          <ul aria-label={t("newCodes")} className="grid grid-cols-2 gap-2 font-mono text-base tracking-wider">
            {codes.map((code) => (
              <li key={code} className="rounded-md bg-slate-100 px-3 py-2 text-center select-all">
                {code}
              </li>
            ))}
          </ul>
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => void copy()}>
              {t("copy")}
            </Button>
            <Button variant="secondary" onClick={download}>
              {t("download")}
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
          {props.total > 0 || codes ? t("replaces") : t("firstSet")} {t("confirmWithPasskey")}
        </p>
        <div>
          <Button onClick={generate} disabled={busy} aria-busy={busy}>
            {t("generate")}
          </Button>
        </div>
      </div>
    </Panel>
  );
}
