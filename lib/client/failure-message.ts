// Every failure a person can meet in the browser, as one sentence they can act on.
import { WebAuthnError } from "@simplewebauthn/browser";
import { ApiError } from "./api";

/** Which passkey prompt was showing: a cancelled one reads differently for each. */
export type PromptKind = "create" | "get" | "confirm";

const CANCELLED: Record<PromptKind, string> = {
  create: "The passkey wasn't created: the request was cancelled, timed out, or your device couldn't verify you. Try again.",
  get: "Sign-in was cancelled, timed out, or your device couldn't verify you. Try again.",
  confirm: "Nothing was changed: the passkey check was cancelled, timed out, or your device couldn't verify you. Try again.",
};

/** True for the browser's own "the person closed the prompt, or it timed out" answer. */
export function isPromptRefused(error: unknown): boolean {
  return !(error instanceof ApiError) && error instanceof Error && error.name === "NotAllowedError";
}

/** Null when the failure needs no message: a prompt this page cancelled itself. */
export function describeFailure(error: unknown, prompt: PromptKind): string | null {
  if (error instanceof ApiError) return error.message;
  const name = error instanceof Error ? error.name : "";
  const code = error instanceof WebAuthnError ? error.code : "";
  if (code === "ERROR_CEREMONY_ABORTED" || name === "AbortError") return null;
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" || name === "InvalidStateError") {
    return "This device already holds a passkey for this account. Use it to sign in, or choose another device.";
  }
  if (name === "NotAllowedError") return CANCELLED[prompt];
  if (name === "SecurityError") return "Passkeys can't be used on this address. Open the portal from its usual web address.";
  if (name === "NotSupportedError") return "This browser or device can't create the kind of passkey we need (one that verifies it's you).";
  return "Something went wrong with the passkey. Please try again.";
}
