"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent, type ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { callApi } from "@/lib/client/api";
import { API } from "@/lib/client/api-paths";
import { withStepUp } from "@/lib/client/ceremonies/step-up";
import { signalCurrentUserDetails, type CurrentUserDetailsSignal } from "@/lib/client/signals";
import { useAction } from "@/lib/client/use-action";

export function ProfileEditor({ name, email }: { name: string; email: string }): ReactNode {
  const router = useRouter();
  const t = useTranslations("account");
  const common = useTranslations("common");
  const [open, setOpen] = useState(false);
  const { busy, problem, run } = useAction();

  function save(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? "") };
    void run(
      async () => {
        // A new email needs a recent passkey check; the server asks for one when it does.
        const { signal } = await withStepUp(() => callApi<{ signal: CurrentUserDetailsSignal }>("PATCH", API.profile, body));
        // Passkey providers show the account's name and email: keep them current.
        await signalCurrentUserDetails(signal);
        setOpen(false);
        router.refresh();
      },
      { prompt: "confirm" },
    );
  }

  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)} aria-expanded={false}>
        {t("editProfile")}
      </Button>
    );
  }
  return (
    <form onSubmit={save} className="flex w-full flex-col gap-3" noValidate aria-label={t("editProfile")}>
      <TextField id="profile-name" name="name" label={common("name")} defaultValue={name} autoComplete="name" maxLength={64} required autoFocus />
      <TextField
        id="profile-email"
        name="email"
        label={common("email")}
        type="email"
        defaultValue={email}
        autoComplete="email"
        maxLength={254}
        required
        hint={t("newEmailHint")}
      />
      {problem ? <ErrorAlert message={problem} /> : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={busy} aria-busy={busy}>
          {common("save")}
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          {common("cancel")}
        </Button>
      </div>
    </form>
  );
}
