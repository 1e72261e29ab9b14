import { browserSupportsWebAuthnAutofill, WebAuthnAbortService } from "@simplewebauthn/browser";
import { ApiError, callApi } from "../api";
import { API } from "../api-paths";
import { signalAcceptedCredentials, signalUnknownCredential, type AcceptedCredentialsSignal } from "../signals";
import { authenticate } from "./authentication";

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
  // The provider learns which of its passkeys still work here (others were removed elsewhere).
  await signalAcceptedCredentials(signal);
}

/** Whether the browser can offer passkeys in the email field's autofill list. */
export function supportsAutofill(): Promise<boolean> {
  return browserSupportsWebAuthnAutofill();
}

/** Withdraws a waiting prompt (an autofill request), so that none waits behind another form. */
export function cancelWaitingPrompt(): void {
  WebAuthnAbortService.cancelCeremony();
}
