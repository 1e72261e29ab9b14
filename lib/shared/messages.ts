// Every translated text, one JSON file per namespace and language: messages/<locale>/<namespace>.json.
// English is the reference: a German file missing a key (or with a key English lacks) fails the type check.
import type { Locale } from "./locale";
import deAccount from "../../messages/de/account.json";
import deActivity from "../../messages/de/activity.json";
import deAttestation from "../../messages/de/attestation.json";
import deCheckup from "../../messages/de/checkup.json";
import deCommon from "../../messages/de/common.json";
import deEmailLinks from "../../messages/de/emailLinks.json";
import deEmails from "../../messages/de/emails.json";
import deErrors from "../../messages/de/errors.json";
import deErrorsApi from "../../messages/de/errors-api.json";
import deLayout from "../../messages/de/layout.json";
import deOperator from "../../messages/de/operator.json";
import deOutage from "../../messages/de/outage.json";
import dePasskeys from "../../messages/de/passkeys.json";
import deProviders from "../../messages/de/providers.json";
import deRecover from "../../messages/de/recover.json";
import deRecovery from "../../messages/de/recovery.json";
import deSessions from "../../messages/de/sessions.json";
import deSignin from "../../messages/de/signin.json";
import deSignup from "../../messages/de/signup.json";
import enAccount from "../../messages/en/account.json";
import enActivity from "../../messages/en/activity.json";
import enAttestation from "../../messages/en/attestation.json";
import enCheckup from "../../messages/en/checkup.json";
import enCommon from "../../messages/en/common.json";
import enEmailLinks from "../../messages/en/emailLinks.json";
import enEmails from "../../messages/en/emails.json";
import enErrors from "../../messages/en/errors.json";
import enErrorsApi from "../../messages/en/errors-api.json";
import enLayout from "../../messages/en/layout.json";
import enOperator from "../../messages/en/operator.json";
import enOutage from "../../messages/en/outage.json";
import enPasskeys from "../../messages/en/passkeys.json";
import enProviders from "../../messages/en/providers.json";
import enRecover from "../../messages/en/recover.json";
import enRecovery from "../../messages/en/recovery.json";
import enSessions from "../../messages/en/sessions.json";
import enSignin from "../../messages/en/signin.json";
import enSignup from "../../messages/en/signup.json";

const en = {
  account: enAccount,
  activity: enActivity,
  attestation: enAttestation,
  checkup: enCheckup,
  common: enCommon,
  emailLinks: enEmailLinks,
  emails: enEmails,
  errors: enErrors,
  "errors-api": enErrorsApi,
  layout: enLayout,
  operator: enOperator,
  outage: enOutage,
  passkeys: enPasskeys,
  providers: enProviders,
  recover: enRecover,
  recovery: enRecovery,
  sessions: enSessions,
  signin: enSignin,
  signup: enSignup,
};

export type Messages = typeof en;

const de: Messages = {
  account: deAccount,
  activity: deActivity,
  attestation: deAttestation,
  checkup: deCheckup,
  common: deCommon,
  emailLinks: deEmailLinks,
  emails: deEmails,
  errors: deErrors,
  "errors-api": deErrorsApi,
  layout: deLayout,
  operator: deOperator,
  outage: deOutage,
  passkeys: dePasskeys,
  providers: deProviders,
  recover: deRecover,
  recovery: deRecovery,
  sessions: deSessions,
  signin: deSignin,
  signup: deSignup,
};

const ALL: Record<Locale, Messages> = { en, de };

export function messagesFor(locale: Locale): Messages {
  return ALL[locale];
}
