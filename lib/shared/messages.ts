// Every translated text, one JSON file per namespace and language: messages/<locale>/<namespace>.json.
// English is the reference: a German file missing a key (or with a key English lacks) fails the type check.
import type { Locale } from "./locale";
import deCommon from "../../messages/de/common.json";
import deOperator from "../../messages/de/operator.json";
import enCommon from "../../messages/en/common.json";
import enOperator from "../../messages/en/operator.json";
import deEmails from "../../messages/de/emails.json";
import enEmails from "../../messages/en/emails.json";
import deProviders from "../../messages/de/providers.json";
import enProviders from "../../messages/en/providers.json";
import deActivity from "../../messages/de/activity.json";
import enActivity from "../../messages/en/activity.json";
import deOutage from "../../messages/de/outage.json";
import enOutage from "../../messages/en/outage.json";
import dePasskeys from "../../messages/de/passkeys.json";
import enPasskeys from "../../messages/en/passkeys.json";
import deErrorsApi from "../../messages/de/errors-api.json";
import enErrorsApi from "../../messages/en/errors-api.json";

const en = {
  common: enCommon,
  operator: enOperator,
  "errors-api": enErrorsApi,
  emails: enEmails,
  providers: enProviders,
  activity: enActivity,
  outage: enOutage,
  passkeys: enPasskeys,
};

export type Messages = typeof en;

const de: Messages = {
  common: deCommon,
  operator: deOperator,
  "errors-api": deErrorsApi,
  emails: deEmails,
  providers: deProviders,
  activity: deActivity,
  outage: deOutage,
  passkeys: dePasskeys,
};

const ALL: Record<Locale, Messages> = { en, de };

export function messagesFor(locale: Locale): Messages {
  return ALL[locale];
}
