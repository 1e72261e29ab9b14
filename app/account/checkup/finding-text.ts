import type { Finding } from "@/lib/server/accounts/checkup";

/** How the checkup page words a finding: what is wrong, why it matters (one sentence), and where to fix it. */
export interface FindingText {
  title: string;
  why: string;
  fix: { label: string; href: string };
}

export function describeFinding(finding: Finding): FindingText {
  switch (finding.kind) {
    case "single-passkey":
      return {
        title: "Only one passkey",
        why: "You can sign in with only one passkey, so losing the device or security key that holds it leaves only a recovery code to get you back in.",
        fix: { label: "Add another passkey", href: "/account/passkeys" },
      };
    case "no-recovery-codes":
      return {
        title: finding.everCreated ? "No recovery codes left" : "No recovery codes",
        why: "If you lose every device with your passkeys, a recovery code is the only way back into your account.",
        fix: { label: "Create recovery codes", href: "/account/recovery" },
      };
    case "one-provider":
      return {
        title: `Every passkey is with ${finding.provider}`,
        why: `If you lose your ${finding.provider} account, or someone takes it over, that happens to all your passkeys at once.`,
        fix: { label: "Add a passkey from another provider", href: "/account/passkeys" },
      };
    case "idle-sessions":
      return {
        title:
          finding.count === 1
            ? "A device unused for over 30 days is still signed in"
            : `${finding.count} devices unused for over 30 days are still signed in`,
        why: "A device you no longer use, or no longer have, shouldn't stay signed in to your account.",
        fix: { label: "Review signed-in devices", href: "/account/sessions" },
      };
    case "unconfirmed-email":
      return {
        title: "Email not confirmed",
        why: `Until you confirm ${finding.email}, we can't send you security emails, such as a sign-in from a new device.`,
        fix: { label: "Confirm your email", href: "/account#confirm-email-heading" },
      };
    case "synced-with-security-key":
      return {
        title: "Synced passkeys are still allowed",
        why: "You have a security key, so you can allow only passkeys that stay on one device: then whoever takes over your Apple, Google or password-manager account can't sign in as you.",
        fix: { label: "Allow only device-bound passkeys", href: "/account/passkeys#policy-heading" },
      };
  }
}

/** The checkup's result in a few words, for /account and the checkup page: "All good" or "2 things to check". */
export function checkupSummary(findings: readonly Finding[]): string {
  const count = findings.length;
  if (count === 0) return "All good";
  return `${count} ${count === 1 ? "thing" : "things"} to check`;
}
