import { browserSupportsWebAuthnAutofill, WebAuthnAbortService, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { ApiError, callApi } from "../api";
import { API } from "../api-paths";
import { signalAcceptedCredentials, signalUnknownCredential, type AcceptedCredentialsSignal } from "../signals";
import { authenticate } from "./authentication";
import { runCeremony, type Ceremony } from "./ceremony";
import { promptImmediately } from "./immediate-prompt";

/**
 * How the passkey prompt appears: `"modal"`, the browser's sheet at once; `"autofill"`, waiting
 * quietly in the email field's autofill list; `"immediate"`, the sheet only if this device holds a
 * passkey for the site, otherwise an at-once NotAllowedError with nothing shown.
 */
export type SignInPrompt = "modal" | "autofill" | "immediate";

export interface SignInRequest {
  /** Email-first when given; usernameless (any passkey for this site) when not. */
  email?: string;
  prompt: SignInPrompt;
  onAnswered?: () => void;
}

type Verified = { signal: AcceptedCredentialsSignal };

export async function signIn({ email, prompt, onAnswered }: SignInRequest): Promise<void> {
  const ceremony: Ceremony<PublicKeyCredentialRequestOptionsJSON> = {
    options: () => callApi("POST", API.signInOptions, email ? { email } : {}),
    verifyPath: API.signInVerify,
    onAnswered,
    onRefused: async (failure, optionsJSON, credentialId) => {
      // Tell the passkey provider to forget a passkey we no longer know (e.g. removed elsewhere).
      if (failure instanceof ApiError && failure.code === "unknown_credential" && optionsJSON.rpId) {
        await signalUnknownCredential(optionsJSON.rpId, credentialId);
      }
    },
  };
  const { signal } =
    prompt === "immediate"
      ? await runCeremony<PublicKeyCredentialRequestOptionsJSON, Verified>(ceremony, promptImmediately)
      : await authenticate<Verified>(ceremony, prompt === "autofill");
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
