import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { isSynced, listPasskeysForUser } from "@/lib/passkeys";
import { getCurrentSession } from "@/lib/sessions";
import { ProfileEditor } from "./profile-editor";
import { SignOutButton } from "./sign-out-button";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage(): Promise<ReactNode> {
  const session = await getCurrentSession();
  if (!session) redirect("/signin?callbackUrl=%2Faccount");
  const { user } = session;
  const passkeys = await listPasskeysForUser(user.id);
  return (
    <div className="flex flex-col gap-6">
      <section className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <p className="text-sm font-medium text-slate-500">Welcome back</p>
        <h1 className="mt-1 text-3xl font-semibold tracking-tight break-words">{user.displayName}</h1>
        <dl className="mt-4 grid gap-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">Email</dt>
            <dd className="font-medium break-all">{user.email}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Passkeys</dt>
            <dd className="font-medium">
              {passkeys.length} saved · {passkeys.filter(isSynced).length} synced
            </dd>
          </div>
        </dl>
        <div className="mt-5">
          <ProfileEditor name={user.displayName} email={user.email} />
        </div>
      </section>
      <nav aria-label="Account settings" className="grid gap-3 sm:grid-cols-2">
        <div className="relative rounded-2xl border border-slate-200 bg-white p-5 shadow-sm hover:border-brand-600">
          {/* The stretched link keeps the whole card clickable with "Passkeys" as its exact name. */}
          <Link href="/account/passkeys" className="font-semibold text-brand-700 after:absolute after:inset-0 after:content-['']">
            Passkeys
          </Link>
          <p className="mt-1 text-sm text-slate-600">
            See, add, rename and remove your passkeys; choose whether synced passkeys are allowed.
          </p>
        </div>
      </nav>
      <section className="flex flex-col gap-3 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:flex-row sm:items-center sm:justify-between sm:p-8">
        <div>
          <h2 className="font-semibold">Sign out</h2>
          <p className="text-sm text-slate-600">Ends this session on our servers, not just in this browser.</p>
        </div>
        <SignOutButton />
      </section>
    </div>
  );
}
