import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { AccountPageHeader } from "@/components/account-page-header";
import { describeProvider } from "@/lib/server/passkeys/aaguid";
import { listPasskeysForUser } from "@/lib/server/passkeys/passkeys";
import { deploymentPolicy, isSynced, unusableReason } from "@/lib/server/passkeys/policy";
import { providerDetails } from "@/lib/server/passkeys/providers";
import { recoveryCodeStatus } from "@/lib/server/recovery/recovery-codes";
import { requireSignedIn } from "@/lib/server/sessions/sessions";
import { describeUserAgent } from "@/lib/server/activity/user-agent";
import { PasskeyManager, type NoPasskeyHere, type PasskeyView } from "./passkey-manager";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("passkeys"))("title") };
}

export default async function PasskeysPage(): Promise<ReactNode> {
  const session = await requireSignedIn("/account/passkeys");
  const { user } = session;
  const t = await getTranslations("passkeys");
  const locale = await getLocale();
  const passkeys = await listPasskeysForUser(user.id);
  // A browser signed in without a passkey of its own (a recovery code, a phone through hybrid) is asked to add one.
  const noPasskeyHere: NoPasskeyHere | undefined = !session.needsPasskeyHere
    ? undefined
    : session.method === "recovery"
      ? { signedInWith: "recovery-code", codesLeft: (await recoveryCodeStatus(user.id)).unused }
      : { signedInWith: "another-device" };
  const views: PasskeyView[] = passkeys.map((passkey) => {
    const { icon, sync } = providerDetails(passkey, locale);
    const unusable = unusableReason(user, passkey);
    return {
      id: passkey.id,
      name: passkey.name,
      provider: describeProvider(passkey, locale),
      providerIcon: icon,
      syncNote: sync,
      synced: isSynced(passkey),
      syncedSince: passkey.becameSyncedAt?.toISOString() ?? null,
      usable: unusable === null,
      unusableReason: unusable,
      attestationVerified: passkey.attestationVerified,
      createdAt: passkey.createdAt.toISOString(),
      beforeRecoveryAt: passkey.beforeRecoveryAt?.toISOString() ?? null,
      lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
      lastUsedFrom: describeUserAgent(passkey.lastUsedUserAgent, locale),
    };
  });
  return (
    <div className="flex flex-col gap-6">
      <AccountPageHeader title={t("title")}>{t("intro")}</AccountPageHeader>
      <PasskeyManager
        passkeys={views}
        deviceBoundOnly={user.deviceBoundOnly}
        deploymentPolicy={deploymentPolicy()}
        now={new Date().toISOString()}
        sessionPasskeyId={session.passkeyId}
        noPasskeyHere={noPasskeyHere}
        attemptKey={session.id}
      />
    </div>
  );
}
