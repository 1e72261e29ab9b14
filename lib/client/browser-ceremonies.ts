// Browser side of the ceremonies: talks to the ceremony routes under /api, turns every failure into a
// sentence a person can act on. A verify request that succeeds has already set the session
// cookie, so signing in is two requests: options, then verify.
import {
  sendSignal,
  startAuthentication,
  WebAuthnError,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import type { AcceptedCredentialsSignal, CurrentUserDetailsSignal } from "../server/passkeys/signals";

export type { AcceptedCredentialsSignal, CurrentUserDetailsSignal };

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
  return requestJson<T>("POST", url, body);
}

export async function requestJson<T>(method: "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
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
export function describeCeremonyError(error: unknown, ceremony: "create" | "get" | "confirm"): string | null {
  if (error instanceof CeremonyFailure) return error.message;
  const name = error instanceof Error ? error.name : "";
  const code = error instanceof WebAuthnError ? error.code : "";
  if (code === "ERROR_CEREMONY_ABORTED" || name === "AbortError") return null;
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" || name === "InvalidStateError") {
    return "This device already holds a passkey for this account. Use it to sign in, or choose another device.";
  }
  if (name === "NotAllowedError") {
    if (ceremony === "create") {
      return "The passkey wasn't created: the request was cancelled, timed out, or your device couldn't verify you. Try again.";
    }
    if (ceremony === "confirm") {
      return "Nothing was changed: the passkey check was cancelled, timed out, or your device couldn't verify you. Try again.";
    }
    return "Sign-in was cancelled, timed out, or your device couldn't verify you. Try again.";
  }
  if (name === "SecurityError") return "Passkeys can't be used on this address. Open the portal from its usual web address.";
  if (name === "NotSupportedError") return "This browser or device can't create the kind of passkey we need (one that verifies it's you).";
  return "Something went wrong with the passkey. Please try again.";
}

/** Re-confirms the signed-in person with one of their passkeys (for sensitive changes). */
export async function confirmWithPasskey(): Promise<void> {
  const optionsJSON = await postJson<PublicKeyCredentialRequestOptionsJSON>("/api/session/step-up/options", {});
  const response = await startAuthentication({ optionsJSON });
  await postJson("/api/session/step-up/verify", { response });
}

/**
 * Runs a sensitive change; if the server asks for a fresh passkey check first, does it and retries
 * once. Adding a passkey goes through here too: its options request is the change.
 */
export async function withStepUp<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (!(error instanceof CeremonyFailure) || error.code !== "step_up_required") throw error;
    await confirmWithPasskey();
    return change();
  }
}

// Signal API calls are best effort: unsupported browsers simply keep their own list.
async function signal(send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    console.info("Passkey provider not updated:", (error as Error).message);
  }
}

export function signalAcceptedCredentials(payload: AcceptedCredentialsSignal): Promise<void> {
  return signal(() =>
    sendSignal({
      signalName: "allAcceptedCredentials",
      rpID: payload.rpId,
      userID: payload.userId,
      allAcceptedCredentialIDs: payload.allAcceptedCredentialIds,
    }),
  );
}

export function signalUnknownCredential(rpId: string, credentialId: string): Promise<void> {
  return signal(() => sendSignal({ signalName: "unknownCredential", rpID: rpId, credentialID: credentialId }));
}

export function signalCurrentUserDetails(payload: CurrentUserDetailsSignal): Promise<void> {
  return signal(() =>
    sendSignal({
      signalName: "currentUserDetails",
      rpID: payload.rpId,
      userID: payload.userId,
      userName: payload.name,
      userDisplayName: payload.displayName,
    }),
  );
}
