// Every failure a person can meet in the browser, as one sentence they can act on, in the page's
// language: the words are in messages/<locale>/errors.json, and the caller passes their translator.
import { WebAuthnError } from "@simplewebauthn/browser";
import type { Messages } from "@/lib/shared/messages";
import { ApiError, GENERIC_FAILURE } from "./api";

/** Which passkey prompt was showing: a cancelled one reads differently for each. */
export type PromptKind = "create" | "get" | "confirm";

export type FailureKey = keyof Messages["errors"];
/** next-intl's `useTranslations("errors")`, or any function with its answers. */
export type FailureWords = (key: FailureKey) => string;

const CANCELLED: Record<PromptKind, FailureKey> = { create: "cancelledCreate", get: "cancelledGet", confirm: "cancelledConfirm" };

/** True for the browser's own "the person closed the prompt, or it timed out" answer. */
export function isPromptRefused(error: unknown): boolean {
  return !(error instanceof ApiError) && error instanceof Error && error.name === "NotAllowedError";
}

/** Null when the failure needs no message: a prompt this page cancelled itself. */
export function describeFailure(error: unknown, prompt: PromptKind, t: FailureWords): string | null {
  // The server words its own refusals in the reader's language; only this browser's own stand-ins are translated here.
  if (error instanceof ApiError) return error.code === "network" ? t("unreachable") : error.message === GENERIC_FAILURE ? t("generic") : error.message;
  const name = error instanceof Error ? error.name : "";
  const code = error instanceof WebAuthnError ? error.code : "";
  if (code === "ERROR_CEREMONY_ABORTED" || name === "AbortError") return null;
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" || name === "InvalidStateError") return t("alreadyRegistered");
  if (name === "NotAllowedError") return t(CANCELLED[prompt]);
  if (name === "SecurityError") return t("insecureAddress");
  if (name === "NotSupportedError") return t("unsupported");
  return t("passkeyFailed");
}
