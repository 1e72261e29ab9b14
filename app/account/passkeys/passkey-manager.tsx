"use client";

import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { ErrorAlert, SuccessNotice } from "@/components/alert";
import { Button } from "@/components/button";
import { describeCeremonyError, postJson, requestJson, withStepUp } from "@/lib/client/browser-ceremonies";
import { PasskeyItem } from "./passkey-item";

export interface PasskeyView {
  id: string;
  name: string;
  provider: string;
  synced: boolean;
  /** When a passkey added as device-bound first reported that it is synced (null otherwise). */
  syncedSince: string | null;
  usable: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  lastUsedFrom: string | null;
}

function policyNotice(enabled: boolean, signedOut: number): string {
  if (!enabled) return "Synced passkeys can be used again.";
  if (signedOut === 0) return "Only passkeys that stay on one device can be used now.";
  return `Only passkeys that stay on one device can be used now. Signed out ${signedOut} ${signedOut === 1 ? "device" : "devices"} that signed in with a synced passkey.`;
}

export function PasskeyManager({
  passkeys,
  deviceBoundOnly,
  now,
  sessionPasskeyId,
  recoveredWith,
}: {
  passkeys: PasskeyView[];
  deviceBoundOnly: boolean;
  now: string;
  /** The passkey this session signed in with, if any: removing it signs this browser out too. */
  sessionPasskeyId: string | null;
  /** Set while this session signed in with a recovery code and has not yet confirmed with a passkey: how many codes are left. */
  recoveredWith?: { codesLeft: number };
}): ReactNode {
  const router = useRouter();
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [needsPasskeyHere, setNeedsPasskeyHere] = useState(recoveredWith !== undefined);
  const hasDeviceBound = passkeys.some((passkey) => !passkey.synced);
  // Shown at once when toggled, and put back if the server refuses the change.
  const [policyShown, setPolicyShown] = useState(deviceBoundOnly);
  const [policyFromServer, setPolicyFromServer] = useState(deviceBoundOnly);
  if (policyFromServer !== deviceBoundOnly) {
    setPolicyFromServer(deviceBoundOnly);
    setPolicyShown(deviceBoundOnly);
  }

  async function addPasskey(): Promise<void> {
    setProblem(null);
    setNotice(null);
    setBusy(true);
    try {
      // A new passkey is a new way in: outside the step-up window the page asks for a check first.
      const optionsJSON = await withStepUp(() => postJson<PublicKeyCredentialCreationOptionsJSON>("/api/account/passkeys/registration/options", {}));
      const response = await startRegistration({ optionsJSON });
      const { passkey } = await postJson<{ passkey: { name: string } }>("/api/account/passkeys/registration/verify", { response });
      setNotice(`Added “${passkey.name}”. You can rename it below.`);
      setNeedsPasskeyHere(false);
      router.refresh();
    } catch (failure) {
      const message = describeCeremonyError(failure, "create");
      if (message) setProblem(message);
    } finally {
      setBusy(false);
    }
  }

  async function changePolicy(enabled: boolean): Promise<void> {
    setProblem(null);
    setNotice(null);
    setBusy(true);
    setPolicyShown(enabled);
    try {
      const { signedOut } = await withStepUp(() =>
        requestJson<{ signedOut: number }>("PUT", "/api/account/policy", { deviceBoundOnly: enabled }),
      );
      setNotice(policyNotice(enabled, signedOut));
      router.refresh();
    } catch (failure) {
      setPolicyShown(!enabled);
      setProblem(describeCeremonyError(failure, "confirm") ?? "The setting wasn't changed.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {needsPasskeyHere && recoveredWith ? (
        <section aria-labelledby="recovered-heading" className="rounded-2xl border-2 border-brand-600 bg-brand-50 p-6 shadow-sm">
          <h2 id="recovered-heading" className="text-xl font-semibold text-brand-900">
            Add a passkey on this device
          </h2>
          <p className="mt-2 text-sm text-slate-800">
            You signed in with a recovery code, and that code is now used up. Choose <strong>Add a passkey</strong> below so
            you can sign in here with your face, fingerprint or PIN next time. Until you have added one and confirmed it&apos;s
            you with it, this session can&apos;t remove passkeys, change security settings or delete the account. If you lost a
            device, remove its passkey from the list once you have confirmed.
          </p>
          <p className="mt-2 text-sm text-slate-800">
            {recoveredWith.codesLeft === 0
              ? "You have no recovery codes left: "
              : `You have ${recoveredWith.codesLeft} recovery ${recoveredWith.codesLeft === 1 ? "code" : "codes"} left. `}
            <Link href="/account/recovery" className="font-semibold text-brand-700 underline">
              {recoveredWith.codesLeft === 0 ? "create new ones" : "Manage them"}
            </Link>
            .
          </p>
        </section>
      ) : null}
      <section aria-labelledby="policy-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="policy-heading" className="font-semibold">
          Synced or device-bound
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          A synced passkey is copied to every device signed in to your Apple, Google or password-manager account:
          convenient, but anyone who takes over that account gets the passkey too. A device-bound passkey never leaves
          its device or security key.
        </p>
        <p className="mt-2 text-sm text-slate-600">
          Whether a passkey is synced is what its provider reports about itself each time you use it: we don&apos;t check
          the passkey&apos;s attestation, so we can&apos;t verify that report. If a passkey that stayed on one device
          starts reporting that it&apos;s synced, we treat it as synced from then on and email you.
        </p>
        <div className="mt-4 flex items-start gap-3">
          <input
            id="device-bound-only"
            type="checkbox"
            className="mt-1 h-4 w-4 rounded border-slate-300 accent-brand-600"
            checked={policyShown}
            disabled={busy || (!deviceBoundOnly && !hasDeviceBound)}
            aria-describedby="device-bound-only-hint"
            onChange={(event) => void changePolicy(event.currentTarget.checked)}
          />
          <div>
            <label htmlFor="device-bound-only" className="text-sm font-medium">
              Only allow passkeys that stay on one device
            </label>
            <p id="device-bound-only-hint" className="text-xs text-slate-500">
              {!deviceBoundOnly && !hasDeviceBound
                ? "Add a passkey that stays on one device (such as a security key) first, so this setting can't lock you out."
                : "Synced passkeys can't be added or used to sign in while this is on. Turning it on also signs out other devices that signed in with a synced passkey. Changing it asks you to confirm with a passkey."}
            </p>
          </div>
        </div>
      </section>

      <section aria-labelledby="list-heading" className="flex flex-col gap-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="list-heading" className="text-lg font-semibold">
            Your passkeys ({passkeys.length})
          </h2>
          <Button onClick={() => void addPasskey()} disabled={busy} aria-busy={busy}>
            Add a passkey
          </Button>
        </div>
        {problem ? <ErrorAlert message={problem} /> : null}
        {notice ? (
          <SuccessNotice>{notice}</SuccessNotice>
        ) : null}
        <ul className="flex flex-col gap-3">
          {passkeys.map((passkey) => (
            <PasskeyItem key={passkey.id} passkey={passkey} now={now} onlyPasskey={passkeys.length === 1} signedInWithThis={passkey.id === sessionPasskeyId} />
          ))}
        </ul>
      </section>
    </>
  );
}
