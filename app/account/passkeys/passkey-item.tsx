"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { TextField } from "@/components/text-field";
import { LocalTime, RelativeTime } from "@/components/time";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { withStepUp } from "@/lib/client/ceremonies/step-up";
import { signalAcceptedCredentials, type AcceptedCredentialsSignal } from "@/lib/client/signals";
import { useAction } from "@/lib/client/use-action";
import type { PasskeyView } from "./passkey-manager";
import { ProviderIcon, SyncNote } from "./provider-details";

export function PasskeyItem({
  passkey,
  now,
  onlyPasskey,
  signedInWithThis,
}: {
  passkey: PasskeyView;
  now: string;
  onlyPasskey: boolean;
  signedInWithThis: boolean;
}): ReactNode {
  const router = useRouter();
  const t = useTranslations("passkeys");
  const common = useTranslations("common");
  const ta = useTranslations("attestation");
  const dialog = useRef<HTMLDialogElement>(null);
  const [renaming, setRenaming] = useState(false);
  const { busy, problem, run } = useAction();
  const headingId = `passkey-${passkey.id}`;

  function rename(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    void run(async () => {
      await callApi("PATCH", API.passkey(passkey.id), { name });
      setRenaming(false);
      router.refresh();
    });
  }

  function remove(): void {
    dialog.current?.close();
    void run(
      async () => {
        const { signal } = await withStepUp(() => callApi<{ signal: AcceptedCredentialsSignal }>("DELETE", API.passkey(passkey.id)));
        await signalAcceptedCredentials(signal);
        router.refresh();
      },
      // Gone from the list once the page refreshes: its buttons stay disabled until then.
      { prompt: "confirm", fallback: t("notRemoved"), leaves: true },
    );
  }

  return (
    <li aria-labelledby={headingId} className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 items-start gap-3">
          <ProviderIcon icon={passkey.providerIcon} />
          <div className="min-w-0">
            <h3 id={headingId} className="font-semibold break-words">
              {passkey.name}
            </h3>
            <p className="text-sm text-slate-600">{passkey.provider}</p>
          </div>
        </div>
        <div className="flex flex-wrap gap-2">
          {passkey.beforeRecoveryAt ? (
            <span className="rounded-full bg-amber-100 px-2.5 py-1 text-xs font-semibold text-amber-900">{t("beforeRecovery")}</span>
          ) : null}
          <SyncBadge synced={passkey.synced} />
          {passkey.attestationVerified ? (
            <span className="rounded-full bg-indigo-100 px-2.5 py-1 text-xs font-semibold text-indigo-900">{ta("passkey.verifiedBadge")}</span>
          ) : null}
        </div>
      </div>
      {passkey.beforeRecoveryAt ? (
        <p className="mt-2 text-xs text-slate-500">
          {t.rich("beforeRecoveryNote", { time: () => <LocalTime iso={passkey.beforeRecoveryAt!} /> })}
        </p>
      ) : null}
      <p className="mt-2 text-xs text-slate-500">
        {passkey.synced ? t("syncedNote") : t("deviceBoundNote")}
      </p>
      {passkey.synced && passkey.syncedSince ? (
        <p className="mt-2 rounded-lg bg-sky-50 px-3 py-2 text-sm text-sky-900">
          {t.rich("syncedSince", { time: () => <LocalTime iso={passkey.syncedSince!} /> })}
        </p>
      ) : null}
      {passkey.attestationVerified ? <p className="mt-2 text-xs text-slate-500">{ta("passkey.verifiedNote")}</p> : null}
      {!passkey.usable ? (
        <p className="mt-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {passkey.unusableReason === "provider-not-allowed"
            ? ta("passkey.notUsableProvider")
            : passkey.unusableReason === "deployment-device-bound"
              ? ta("passkey.notUsableDeviceBound")
              : t("notUsable")}
        </p>
      ) : null}
      <dl className="mt-3 grid gap-2 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-slate-500">{t("created")}</dt>
          <dd>
            <RelativeTime iso={passkey.createdAt} now={now} />
            {!passkey.lastUsedAt && passkey.lastUsedFrom ? <span className="text-slate-500"> · {passkey.lastUsedFrom}</span> : null}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("lastUsed")}</dt>
          <dd>
            {passkey.lastUsedAt ? <RelativeTime iso={passkey.lastUsedAt} now={now} /> : t("notUsedYet")}
            {passkey.lastUsedAt && passkey.lastUsedFrom ? <span className="text-slate-500"> · {passkey.lastUsedFrom}</span> : null}
          </dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="text-slate-500">{t("syncing")}</dt>
          <dd>
            <SyncNote note={passkey.syncNote} />
          </dd>
        </div>
      </dl>

      {renaming ? (
        <form onSubmit={rename} className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-end" noValidate>
          <div className="flex-1">
            <TextField id={`rename-${passkey.id}`} name="name" label={t("nameLabel")} defaultValue={passkey.name} maxLength={64} required autoFocus />
          </div>
          <div className="flex gap-2">
            <Button type="submit" disabled={busy}>
              {common("save")}
            </Button>
            <Button variant="secondary" onClick={() => setRenaming(false)}>
              {common("cancel")}
            </Button>
          </div>
        </form>
      ) : null}

      {problem ? (
        <div className="mt-3">
          <ErrorAlert message={problem} />
        </div>
      ) : null}

      <div className="mt-4 flex flex-wrap items-center gap-2">
        {!renaming ? (
          <Button variant="secondary" onClick={() => setRenaming(true)} disabled={busy}>
            {t("rename")}
          </Button>
        ) : null}
        <Button
          variant="secondary"
          className="text-red-700"
          disabled={busy || onlyPasskey}
          aria-describedby={onlyPasskey ? `only-${passkey.id}` : undefined}
          onClick={() => dialog.current?.showModal()}
        >
          {t("remove")}
        </Button>
        {onlyPasskey ? (
          <p id={`only-${passkey.id}`} className="text-xs text-slate-500">
            {t("onlyPasskey")}
          </p>
        ) : null}
      </div>

      <ConfirmDialog
        ref={dialog}
        id={`remove-${passkey.id}`}
        title={t("removeTitle", { name: passkey.name })}
        heading="h4"
        description={
          <p>{signedInWithThis ? t("removeDescriptionThisOne") : t("removeDescription")}</p>
        }
        confirmLabel={t("remove")}
        onConfirm={remove}
      />
    </li>
  );
}

function SyncBadge({ synced }: { synced: boolean }): ReactNode {
  const t = useTranslations("passkeys");
  return synced ? (
    <span className="rounded-full bg-sky-100 px-2.5 py-1 text-xs font-semibold text-sky-800">{t("synced")}</span>
  ) : (
    <span className="rounded-full bg-emerald-100 px-2.5 py-1 text-xs font-semibold text-emerald-800">{t("thisDeviceOnly")}</span>
  );
}
