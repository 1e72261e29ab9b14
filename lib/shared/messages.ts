// Every translated text, one JSON file per namespace and language: messages/<locale>/<namespace>.json.
// English is the reference: a German file missing a key (or with a key English lacks) fails the type check.
import type { Locale } from "./locale";
import deAttestation from "../../messages/de/attestation.json";
import deCommon from "../../messages/de/common.json";
import deOperator from "../../messages/de/operator.json";
import enAttestation from "../../messages/en/attestation.json";
import enCommon from "../../messages/en/common.json";
import enOperator from "../../messages/en/operator.json";

const en = {
  common: enCommon,
  operator: enOperator,
  attestation: enAttestation,
};

export type Messages = typeof en;

const de: Messages = {
  common: deCommon,
  operator: deOperator,
  attestation: deAttestation,
};

const ALL: Record<Locale, Messages> = { en, de };

export function messagesFor(locale: Locale): Messages {
  return ALL[locale];
}
