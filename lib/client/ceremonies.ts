// The passkey ceremonies as the browser runs them, each written once. Every one is the same three
// steps: ask the server for options (and its challenge), show the browser's passkey prompt, send
// the answer to be verified. A verify request that succeeds has already done its work server-side
// (set the session cookie, stored the passkey, marked the session as recently confirmed).
import {
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  startRegistration,
  WebAuthnAbortService,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import { ApiError, callApi } from "./api";
import { API } from "./api-paths";
import { signalAcceptedCredentials, signalUnknownCredential, type AcceptedCredentialsSignal } from "./signals";

interface Ceremony<Options> {
  options: () => Promise<Options>;
  verifyPath: string;
  /** The person answered the prompt; verification starts next. */
  onAnswered?: () => void;
  /** Verification refused the answer: a last word before the failure goes on to the caller. */
  onRefused?: (failure: unknown, optionsJSON: Options, credentialId: string) => Promise<void>;
}

async function runCeremony<Options, Verified>(
  ceremony: Ceremony<Options>,
  prompt: (optionsJSON: Options) => Promise<{ id: string }>,
): Promise<Verified> {
  const optionsJSON = await ceremony.options();
  const response = await prompt(optionsJSON);
  ceremony.onAnswered?.();
  try {
    return await callApi<Verified>("POST", ceremony.verifyPath, { response });
  } catch (failure) {
    await ceremony.onRefused?.(failure, optionsJSON, response.id);
    throw failure;
  }
}

function register<Verified>(ceremony: Ceremony<PublicKeyCredentialCreationOptionsJSON>): Promise<Verified> {
  return runCeremony(ceremony, (optionsJSON) => startRegistration({ optionsJSON }));
}

function authenticate<Verified>(
  ceremony: Ceremony<PublicKeyCredentialRequestOptionsJSON>,
  useBrowserAutofill = false,
): Promise<Verified> {
  return runCeremony(ceremony, (optionsJSON) => startAuthentication({ optionsJSON, useBrowserAutofill }));
}

export async function signUp(details: { email: string; name: string }): Promise<void> {
  await register({ options: () => callApi("POST", API.signUpOptions, details), verifyPath: API.signUpVerify });
}

export interface SignInRequest {
  /** Email-first when given; usernameless (any passkey for this site) when not. */
  email?: string;
  /** Wait quietly for the person to pick a passkey from the email field's autofill list. */
  autofill: boolean;
  onAnswered?: () => void;
}

export async function signIn({ email, autofill, onAnswered }: SignInRequest): Promise<void> {
  const { signal } = await authenticate<{ signal: AcceptedCredentialsSignal }>(
    {
      options: () => callApi("POST", API.signInOptions, email ? { email } : {}),
      verifyPath: API.signInVerify,
      onAnswered,
      onRefused: async (failure, optionsJSON, credentialId) => {
        // Tell the passkey provider to forget a passkey we no longer know (e.g. removed elsewhere).
        if (failure instanceof ApiError && failure.code === "unknown_credential" && optionsJSON.rpId) {
          await signalUnknownCredential(optionsJSON.rpId, credentialId);
        }
      },
    },
    autofill,
  );
  await signalAcceptedCredentials(signal);
}

/** Whether the browser can offer passkeys in the email field's autofill list. */
export function supportsAutofill(): Promise<boolean> {
  return browserSupportsWebAuthnAutofill();
}

/** Withdraws a waiting prompt (an autofill request), so that no other can be shown behind it. */
export function cancelWaitingPrompt(): void {
  WebAuthnAbortService.cancelCeremony();
}

/** Re-confirms the signed-in person with one of their passkeys (for sensitive changes). */
export async function confirmWithPasskey(): Promise<void> {
  await authenticate({ options: () => callApi("POST", API.stepUpOptions, {}), verifyPath: API.stepUpVerify });
}

/**
 * Runs a sensitive change; if the server asks for a fresh passkey check first, does it and retries
 * once. Adding a passkey goes through here too: its options request is the change.
 */
export async function withStepUp<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== "step_up_required") throw error;
    await confirmWithPasskey();
    return change();
  }
}

/** Adds a passkey to the signed-in account; answers with the name it was given. */
export async function addPasskey(): Promise<{ name: string }> {
  const { passkey } = await register<{ passkey: { name: string } }>({
    // A new passkey is a new way in: outside the step-up window the server asks for a check first.
    options: () => withStepUp(() => callApi("POST", API.passkeyRegistrationOptions, {})),
    verifyPath: API.passkeyRegistrationVerify,
  });
  return passkey;
}
