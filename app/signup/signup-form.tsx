"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, type FormEvent, type ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";
import { PlacementChoice } from "@/components/placement-choice";
import { TextField } from "@/components/text-field";
import { signUp } from "@/lib/client/ceremonies/sign-up";
import { IMMEDIATE_SIGN_IN_PATH } from "@/lib/client/immediate-sign-in";
import { useAction } from "@/lib/client/use-action";
import type { PasskeyPlacement } from "@/lib/shared/passkey-placement";

export function SignUpForm({ initialEmail }: { initialEmail: string }): ReactNode {
  const router = useRouter();
  const t = useTranslations("signup");
  const common = useTranslations("common");
  const { busy, problem, run } = useAction();
  const formRef = useRef<HTMLFormElement>(null);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    createAccount(event.currentTarget);
  }

  function createAccount(formElement: HTMLFormElement, placement?: PasskeyPlacement): void {
    const form = new FormData(formElement);
    const details = { email: String(form.get("email") ?? ""), name: String(form.get("name") ?? ""), placement };
    void run(
      async () => {
        await signUp(details);
        router.replace("/account");
        router.refresh();
      },
      { prompt: "create", leaves: true },
    );
  }

  return (
    <form ref={formRef} onSubmit={submit} className="mt-6 flex flex-col gap-4" noValidate>
      <TextField id="email" name="email" label={common("email")} type="email" autoComplete="email" defaultValue={initialEmail} required maxLength={254} />
      <TextField id="name" name="name" label={common("name")} type="text" autoComplete="name" required maxLength={64} hint={t("nameHint")} />
      {problem ? <ErrorAlert message={problem} /> : null}
      <Button type="submit" disabled={busy} aria-busy={busy} className="w-full">
        {t("createPasskey")}
      </Button>
      <PlacementChoice onChoose={(placement) => createAccount(formRef.current!, placement)} disabled={busy} />
      {busy ? (
        <p role="status" className="text-center text-sm text-slate-600">
          {t("followPrompt")}
        </p>
      ) : null}
      <p className="text-center text-sm text-slate-600">
        {t.rich("haveAccount", {
          link: (chunks) => (
            <Link href={IMMEDIATE_SIGN_IN_PATH} className="font-semibold text-brand-700 underline-offset-2 hover:underline">
              {chunks}
            </Link>
          ),
        })}
      </p>
    </form>
  );
}
