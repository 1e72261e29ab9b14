"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { ActionMessages } from "@/components/action-messages";
import { Button } from "@/components/button";
import { Panel } from "@/components/panel";
import { PasskeyHere } from "@/components/passkey-here";
import { PlacementChoice } from "@/components/placement-choice";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { addPasskey } from "@/lib/client/ceremonies/add-passkey";
import { withStepUp } from "@/lib/client/ceremonies/step-up";
import { useAction } from "@/lib/client/use-action";
import type { PasskeyPlacement } from "@/lib/shared/passkey-placement";
import type { DeploymentPolicyName, UnusableReason } from "@/lib/shared/passkey-policy";
import { PasskeyItem } from "./passkey-item";

export interface PasskeyView {
  id: string;
  name: string;
  provider: string;
  /** The provider's icon: one static file for a light and one for a dark backdrop. */
  providerIcon: { light: string; dark: string };
  /** One sentence on how the provider syncs it (agreeing with its flags), and the provider's page that says so. */
  syncNote: { sentence: string; source: { url: string; publisher: string } | null };
  synced: boolean;
  /** When a passkey added as device-bound first reported that it is synced (null otherwise). */
  syncedSince: string | null;
  usable: boolean;
  /** Why it can't be used, when it can't: the account's policy or the deployment's (PASSKEY_POLICY). */
  unusableReason: UnusableReason | null;
  /** Its registration's attestation chained to a metadata statement the operator trusts. */
  attestationVerified: boolean;
  createdAt: string;
  /** When the account was recovered through its email after this passkey was added (null otherwise). */
  beforeRecoveryAt: string | null;
  lastUsedAt: string | null;
  lastUsedFrom: string | null;
}

/** Why this session's browser holds none of the account's passkeys. */
export type NoPasskeyHere = { signedInWith: "recovery-code"; codesLeft: number } | { signedInWith: "another-device" };


export function PasskeyManager({
  passkeys,
  deviceBoundOnly,
  deploymentPolicy,
  now,
  sessionPasskeyId,
  noPasskeyHere,
  attemptKey,
}: {
  passkeys: PasskeyView[];
  deviceBoundOnly: boolean;
  /** PASSKEY_POLICY: "device-bound" holds the setting below on for every account. */
  deploymentPolicy: DeploymentPolicyName;
  now: string;
  /** The passkey this session signed in with, if any: removing it signs this browser out too. */
  sessionPasskeyId: string | null;
  /** Set while this session's browser holds none of the account's passkeys (it signed in without one and added none since). */
  noPasskeyHere?: NoPasskeyHere;
  /** Identifies this session for the quiet attempt to save a passkey (made once per session). */
  attemptKey: string;
}): ReactNode {
  const router = useRouter();
  const t = useTranslations("passkeys");
  const ta = useTranslations("attestation");
  const enforced = deploymentPolicy === "device-bound";
  const { busy, problem, notice, run } = useAction();
  const [needsPasskeyHere, setNeedsPasskeyHere] = useState(noPasskeyHere !== undefined);
  const hasDeviceBound = passkeys.some((passkey) => !passkey.synced);
  // Shown at once when toggled, and put back if the server refuses the change.
  const [policyShown, setPolicyShown] = useState(deviceBoundOnly);
  const [policyFromServer, setPolicyFromServer] = useState(deviceBoundOnly);
  if (policyFromServer !== deviceBoundOnly) {
    setPolicyFromServer(deviceBoundOnly);
    setPolicyShown(deviceBoundOnly);
  }

  function addOne(placement?: PasskeyPlacement): void {
    void run(
      async () => {
        const passkey = await addPasskey(placement);
        setNeedsPasskeyHere(false);
        router.refresh();
        return t("added", { name: passkey.name });
      },
      { prompt: "create" },
    );
  }

  async function changePolicy(enabled: boolean): Promise<void> {
    setPolicyShown(enabled);
    const changed = await run(
      async () => {
        const { signedOut } = await withStepUp(() => callApi<{ signedOut: number }>("PUT", API.policy, { deviceBoundOnly: enabled }));
        router.refresh();
        if (!enabled) return t("policyOff");
        return signedOut === 0 ? t("policyOn") : t("policyOnSignedOut", { count: signedOut });
      },
      { prompt: "confirm", fallback: t("settingNotChanged") },
    );
    if (!changed) setPolicyShown(!enabled);
  }

  return (
    <>
      <PasskeyHere needed={needsPasskeyHere && noPasskeyHere !== undefined} quietly={!deviceBoundOnly && deploymentPolicy === "any"} attemptKey={attemptKey}>
        {noPasskeyHere ? (
          <Panel headingId="recovered-heading" title={t("addHereTitle")} tone="highlight" headingClassName="text-xl font-semibold text-brand-900">
            {noPasskeyHere.signedInWith === "recovery-code" ? (
              <RecoveredWith codesLeft={noPasskeyHere.codesLeft} />
            ) : (
              <p className="mt-2 text-sm text-slate-800">{t.rich("addHereOtherDevice", { strong: (chunks) => <strong>{chunks}</strong> })}</p>
            )}
          </Panel>
        ) : null}
      </PasskeyHere>
      <Panel headingId="policy-heading" title={t("policyTitle")}>
        <p className="mt-1 text-sm text-slate-600">{t("policyExplained")}</p>
        <p className="mt-2 text-sm text-slate-600">{deploymentPolicy === "any" ? t("policyTrust") : ta("policy.attestationChecked")}</p>
        <div className="mt-4 flex items-start gap-3">
          <input
            id="device-bound-only"
            type="checkbox"
            className="mt-1 h-4 w-4 rounded border-slate-300 accent-brand-600"
            checked={enforced || policyShown}
            disabled={enforced || busy || (!deviceBoundOnly && !hasDeviceBound)}
            aria-describedby="device-bound-only-hint"
            onChange={(event) => void changePolicy(event.currentTarget.checked)}
          />
          <div>
            <label htmlFor="device-bound-only" className="text-sm font-medium">
              {t("policyLabel")}
            </label>
            <p id="device-bound-only-hint" className="text-xs text-slate-500">
              {enforced ? ta("policy.enforced") : !deviceBoundOnly && !hasDeviceBound ? t("policyNeedsDeviceBound") : t("policyHint")}
            </p>
          </div>
        </div>
      </Panel>

      <section aria-labelledby="list-heading" className="flex flex-col gap-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="list-heading" className="text-lg font-semibold">
            {t("listTitle", { count: passkeys.length })}
          </h2>
          <div className="flex flex-wrap items-start gap-2">
            <Button onClick={() => addOne()} disabled={busy} aria-busy={busy}>
              {t("add")}
            </Button>
            <PlacementChoice onChoose={addOne} disabled={busy} />
          </div>
        </div>
        <ActionMessages problem={problem} notice={notice} />
        <ul className="flex flex-col gap-3">
          {passkeys.map((passkey) => (
            <PasskeyItem key={passkey.id} passkey={passkey} now={now} onlyPasskey={passkeys.length === 1} signedInWithThis={passkey.id === sessionPasskeyId} />
          ))}
        </ul>
      </section>
    </>
  );
}

function RecoveredWith({ codesLeft }: { codesLeft: number }): ReactNode {
  const t = useTranslations("passkeys");
  const link = (chunks: ReactNode): ReactNode => (
    <Link href="/account/recovery" className="font-semibold text-brand-700 underline">
      {chunks}
    </Link>
  );
  return (
    <>
      <p className="mt-2 text-sm text-slate-800">{t.rich("recoveredWithCode", { strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <p className="mt-2 text-sm text-slate-800">
        {codesLeft === 0 ? t.rich("noCodesLeft", { link }) : t.rich("codesLeft", { count: codesLeft, link })}
      </p>
    </>
  );
}
