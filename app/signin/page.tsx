import type { Metadata } from "next";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { Card } from "@/components/card";
import { immediateSignInRequested } from "@/lib/client/immediate-sign-in";
import { safeCallbackPath } from "@/lib/server/http/callback-url";
import { getCurrentSession } from "@/lib/server/sessions/sessions";
import { SignInForm } from "./signin-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<ReactNode> {
  const params = await searchParams;
  const callbackPath = safeCallbackPath(typeof params.callbackUrl === "string" ? params.callbackUrl : null);
  if (await getCurrentSession()) redirect(callbackPath);
  return (
    <Card>
      <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      {params.deleted === "1" ? (
        <p role="status" className="mt-3 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          Your account has been deleted, with its passkeys, recovery codes and activity. You can remove this site&apos;s
          passkeys from your devices.
        </p>
      ) : null}
      {params.reported === "1" ? (
        <p role="status" className="mt-3 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          We changed your account&apos;s email back to your address and signed out every device. Sign in with one of your
          passkeys, or with a recovery code under Other ways to sign in; then remove any passkey you don&apos;t recognise and
          create new recovery codes.
        </p>
      ) : null}
      <p className="mt-2 text-sm text-slate-600">Use the passkey saved on your device or security key.</p>
      <SignInForm callbackPath={callbackPath} immediate={immediateSignInRequested(params.immediate)} />
    </Card>
  );
}
