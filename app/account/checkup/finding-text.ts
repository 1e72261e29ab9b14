import type { createTranslator } from "next-intl";
import type { Finding } from "@/lib/server/accounts/checkup";
import type { Messages } from "@/lib/shared/messages";

/** The checkup's translator: `getTranslations("checkup")` on a page. */
export type CheckupWords = ReturnType<typeof createTranslator<Messages, "checkup">>;

/** How the checkup page words a finding: what is wrong, why it matters (one sentence), and where to fix it. */
export interface FindingText {
  title: string;
  why: string;
  fix: { label: string; href: string };
}

export function describeFinding(finding: Finding, t: CheckupWords): FindingText {
  switch (finding.kind) {
    case "single-passkey":
      return {
        title: t("singlePasskeyTitle"),
        why: t("singlePasskeyWhy"),
        fix: { label: t("singlePasskeyFix"), href: "/account/passkeys" },
      };
    case "no-recovery-codes":
      return {
        title: finding.everCreated ? t("noCodesLeftTitle") : t("noCodesTitle"),
        why: t("noCodesWhy"),
        fix: { label: t("noCodesFix"), href: "/account/recovery" },
      };
    case "one-provider":
      return {
        title: t("oneProviderTitle", { provider: finding.provider }),
        why: t("oneProviderWhy", { provider: finding.provider }),
        fix: { label: t("oneProviderFix"), href: "/account/passkeys" },
      };
    case "idle-sessions":
      return {
        title: t("idleSessionsTitle", { count: finding.count }),
        why: t("idleSessionsWhy"),
        fix: { label: t("idleSessionsFix"), href: "/account/sessions" },
      };
    case "unconfirmed-email":
      return {
        title: t("unconfirmedEmailTitle"),
        why: t("unconfirmedEmailWhy", { email: finding.email }),
        fix: { label: t("unconfirmedEmailFix"), href: "/account#confirm-email-heading" },
      };
    case "synced-with-security-key":
      return {
        title: t("syncedAllowedTitle"),
        why: t("syncedAllowedWhy"),
        fix: { label: t("syncedAllowedFix"), href: "/account/passkeys#policy-heading" },
      };
  }
}

/** The checkup's result in a few words, for /account and the checkup page: "All good" or "2 things to check". */
export function checkupSummary(findings: readonly Finding[], t: CheckupWords): string {
  const count = findings.length;
  return count === 0 ? t("allGood") : t("summary", { count });
}
