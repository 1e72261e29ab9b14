import type { Metadata } from "next";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { Card } from "@/components/card";
import { getCurrentSession } from "@/lib/server/sessions/sessions";
import { SignUpForm } from "./signup-form";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}): Promise<ReactNode> {
  const { email } = await searchParams;
  if (await getCurrentSession()) redirect("/account");
  return (
    <Card>
      <h1 className="text-2xl font-semibold tracking-tight">Create your account</h1>
      <p className="mt-2 text-sm text-slate-600">
        No password to remember: your device creates a passkey and unlocks it with your face, fingerprint, PIN, or
        security key.
      </p>
      <SignUpForm initialEmail={typeof email === "string" ? email.slice(0, 254) : ""} />
    </Card>
  );
}
