"use client";

import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { ErrorAlert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { describeCeremonyError, postJson } from "@/lib/client/browser-ceremonies";

export function SignUpForm({ initialEmail }: { initialEmail: string }): ReactNode {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function createAccount(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    setBusy(true);
    try {
      const optionsJSON = await postJson<PublicKeyCredentialCreationOptionsJSON>("/api/account/sign-up/options", {
        email: String(form.get("email") ?? ""),
        name: String(form.get("name") ?? ""),
      });
      const response = await startRegistration({ optionsJSON });
      await postJson("/api/account/sign-up/verify", { response });
      router.replace("/account");
      router.refresh();
    } catch (failure) {
      const message = describeCeremonyError(failure, "create");
      if (message) setError(message);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={createAccount} className="mt-6 flex flex-col gap-4" noValidate>
      <TextField id="email" name="email" label="Email" type="email" autoComplete="email" defaultValue={initialEmail} required maxLength={254} />
      <TextField id="name" name="name" label="Name" type="text" autoComplete="name" required maxLength={64} hint="How we greet you. You can change it later." />
      {error ? <ErrorAlert message={error} /> : null}
      <Button type="submit" disabled={busy} aria-busy={busy} className="w-full">
        Create passkey
      </Button>
      {busy ? (
        <p role="status" className="text-center text-sm text-slate-600">
          Follow your browser&apos;s prompt to create the passkey…
        </p>
      ) : null}
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/signin" className="font-semibold text-brand-700 underline-offset-2 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
