import "server-only";
import { isIP } from "node:net";
import type { ClientInfo } from "../http/client-info";
import { renderEmail, type EmailBlock } from "./email-text";
import { env } from "../platform/env";
import type { EmailToSend } from "./mail-queue";
import { describeUserAgent } from "./user-agent";
import { formatUtcDateTime, translatorFor } from "../platform/i18n";
import type { Locale } from "../../shared/locale";

// Mail a request asked for. None of it carries a name the account chose: the only data in it is
// the recipient's own address, so a stranger who enters someone else's address cannot make the
// portal say anything to them.

export type ConfirmationPurpose = "signup" | "change";

interface RequestedMail {
  userId: string;
  to: string;
  purpose: ConfirmationPurpose;
  client: ClientInfo;
  at: Date;
  /** The language of the account the address belongs to (its owner's, for an address in use). */
  locale: Locale;
}

export function site(): string {
  const { rpName, origin } = env();
  return `${rpName} (${origin})`;
}

/** When, from which device and which IP: the times in UTC, since the reader's zone is unknown. */
export function requestFacts(client: ClientInfo, at: Date, locale: Locale): EmailBlock {
  const t = translatorFor(locale, "emails");
  return {
    facts: [
      [t("when"), formatUtcDateTime(at, locale)],
      [t("device"), describeUserAgent(client.userAgent, locale) ?? t("unknownDevice")],
      [t("ipAddress"), client.ipAddress && isIP(client.ipAddress) ? client.ipAddress : t("unknown")],
    ],
  };
}

/** "24 hours", "1 hour", "90 seconds": a wait or a lifetime in the reader's language. */
export function durationPhrase(ms: number, locale: Locale): string {
  const t = translatorFor(locale, "emails");
  const hours = ms / 3_600_000;
  if (hours >= 1) return t("hours", { hours: Number(hours.toFixed(1)) });
  return t("seconds", { seconds: Math.max(1, Math.round(ms / 1000)) });
}

export function confirmationLink(token: string): string {
  return `${env().origin}/confirm-email?token=${encodeURIComponent(token)}`;
}

/** The code (and link) that proves the recipient reads this address. */
export function composeConfirmationEmail(mail: RequestedMail & { code: string; token: string; expiresInMs: number }): EmailToSend {
  const signup = mail.purpose === "signup";
  const t = translatorFor(mail.locale, "emails.confirmation");
  const { text, html } = renderEmail(
    [
      signup ? t("leadSignup", { site: site() }) : t("leadChange", { site: site() }),
      t("code", { code: mail.code }),
      t("orLink"),
      { link: { label: t("linkLabel"), url: confirmationLink(mail.token) } },
      t("expiry", { expiresIn: durationPhrase(mail.expiresInMs, mail.locale) }),
      requestFacts(mail.client, mail.at, mail.locale),
      t("ignore"),
    ],
    mail.locale,
  );
  return {
    userId: mail.userId,
    kind: signup ? "email_confirmation" : "email_change_confirmation",
    to: mail.to,
    subject: signup ? t("subjectSignup") : t("subjectChange"),
    text,
    html,
    priority: "requested",
  };
}

/** For an address another account already confirmed: no code, so nobody else can ever take it. */
export function composeAddressInUseEmail(mail: RequestedMail): EmailToSend {
  const t = translatorFor(mail.locale, "emails.addressInUse");
  const { text, html } = renderEmail(
    [
      mail.purpose === "signup" ? t("leadSignup", { site: site() }) : t("leadChange", { site: site() }),
      t("signInInstead", { origin: env().origin }),
      requestFacts(mail.client, mail.at, mail.locale),
    ],
    mail.locale,
  );
  return { userId: mail.userId, kind: "email_in_use", to: mail.to, subject: t("subject"), text, html, priority: "requested" };
}
