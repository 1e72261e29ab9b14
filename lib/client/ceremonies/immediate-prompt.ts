// The passkey prompt in immediate UI mode: the browser shows its sheet only when it already holds
// a passkey for this site, and otherwise rejects at once with NotAllowedError, showing nothing.
// @simplewebauthn/browser 14 cannot ask for it, so this is its startAuthentication with that one
// member added. The WebAuthn draft first spelled it `mediation: "immediate"`; Credential Management
// now has it as `uiMode: "immediate"`, which is what Chromium implements (Chromium 150 refuses
// the old spelling with a TypeError).
import {
  base64URLStringToBuffer,
  bufferToBase64URLString,
  WebAuthnAbortService,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";

type ImmediateRequest = CredentialRequestOptions & { uiMode: "immediate" };

export async function promptImmediately(optionsJSON: PublicKeyCredentialRequestOptionsJSON): Promise<AuthenticationResponseJSON> {
  // Immediate mode offers only the passkeys the device can find by itself: an allow list is refused.
  const { allowCredentials: _allowList, challenge, ...rest } = optionsJSON;
  const request: ImmediateRequest = {
    publicKey: { ...rest, challenge: base64URLStringToBuffer(challenge) } as PublicKeyCredentialRequestOptions,
    uiMode: "immediate",
    // Shared with the library's prompts, so that any later ceremony withdraws this one.
    signal: WebAuthnAbortService.createNewAbortSignal(),
  };
  const credential = (await navigator.credentials.get(request)) as PublicKeyCredential | null;
  if (!credential) throw new Error("Authentication was not completed");
  const response = credential.response as AuthenticatorAssertionResponse;
  const attachment = credential.authenticatorAttachment;
  return {
    id: credential.id,
    rawId: bufferToBase64URLString(credential.rawId),
    response: {
      authenticatorData: bufferToBase64URLString(response.authenticatorData),
      clientDataJSON: bufferToBase64URLString(response.clientDataJSON),
      signature: bufferToBase64URLString(response.signature),
      userHandle: response.userHandle ? bufferToBase64URLString(response.userHandle) : undefined,
    },
    type: "public-key",
    clientExtensionResults: credential.getClientExtensionResults(),
    authenticatorAttachment: attachment === "platform" || attachment === "cross-platform" ? attachment : undefined,
  };
}
