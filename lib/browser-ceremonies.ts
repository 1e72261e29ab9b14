// Browser side of the ceremonies: talks to /api/webauthn/*, turns every failure into a
// sentence a person can act on, and hands the verified result to next-auth.
import { WebAuthnError } from "@simplewebauthn/browser";
import { signIn } from "next-auth/react";

export class CeremonyFailure extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "CeremonyFailure";
  }
}

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new CeremonyFailure("We couldn't reach the server. Check your connection and try again.", "network");
  }
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = data as { error?: string; code?: string } | null;
    throw new CeremonyFailure(error?.error ?? "Something went wrong. Please try again.", error?.code ?? "unknown");
  }
  return data as T;
}

/** Null when the error needs no message (a ceremony we cancelled ourselves). */
export function describeCeremonyError(error: unknown, ceremony: "create" | "get"): string | null {
  if (error instanceof CeremonyFailure) return error.message;
  const name = error instanceof Error ? error.name : "";
  const code = error instanceof WebAuthnError ? error.code : "";
  if (code === "ERROR_CEREMONY_ABORTED" || name === "AbortError") return null;
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" || name === "InvalidStateError") {
    return "This device already holds a passkey for this account. Use it to sign in, or choose another device.";
  }
  if (name === "NotAllowedError") {
    return ceremony === "create"
      ? "The passkey wasn't created: the request was cancelled, timed out, or your device couldn't verify you. Try again."
      : "Sign-in was cancelled, timed out, or your device couldn't verify you. Try again.";
  }
  if (name === "SecurityError") return "Passkeys can't be used on this address. Open the portal from its usual web address.";
  if (name === "NotSupportedError") return "This browser or device can't create the kind of passkey we need (one that verifies it's you).";
  return "Something went wrong with the passkey. Please try again.";
}

/** Redeems a verified ceremony's grant for a next-auth session cookie. */
export async function completeSignIn(grant: string): Promise<void> {
  const result = await signIn("passkey", { grant, redirect: false });
  if (!result || result.error || !result.ok) {
    throw new CeremonyFailure("We verified your passkey but couldn't start your session. Please try again.", "session_failed");
  }
}
