import type { PasskeyPlacement } from "../../shared/passkey-placement";
import { callApi } from "../api";
import { API } from "../api-paths";
import { register } from "./registration";
import { withStepUp } from "./step-up";

/**
 * Adds a passkey to the signed-in account; answers with the name it was given. With a placement
 * ("Choose where to save it"), the browser's prompt opens on that kind of authenticator.
 */
export async function addPasskey(placement?: PasskeyPlacement): Promise<{ name: string }> {
  const { passkey } = await register<{ passkey: { name: string } }>({
    // A new passkey is a new way in: outside the step-up window the server asks for a check first.
    options: () => withStepUp(() => callApi("POST", API.passkeyRegistrationOptions, { placement })),
    verifyPath: API.passkeyRegistrationVerify,
  });
  return passkey;
}

/**
 * Whether the browser can save a passkey without a prompt (WebAuthn conditional create), as the
 * browser itself reports it: no user-agent guesses. A browser that cannot tell says no.
 */
export async function canAddPasskeyQuietly(): Promise<boolean> {
  try {
    if (typeof PublicKeyCredential === "undefined" || typeof PublicKeyCredential.getClientCapabilities !== "function") return false;
    const capabilities = await PublicKeyCredential.getClientCapabilities();
    return capabilities.conditionalCreate === true;
  } catch {
    return false;
  }
}

/**
 * Asks the browser to save a passkey for the account quietly (`mediation: "conditional"`): its
 * passkey provider decides, with no prompt, and may refuse. Never asks for a step-up, which
 * would be a prompt; any refusal reaches the caller, which offers the prompt instead.
 */
export async function addPasskeyQuietly(): Promise<{ name: string }> {
  const { passkey } = await register<{ passkey: { name: string } }>(
    { options: () => callApi("POST", API.passkeyRegistrationAutomaticOptions, {}), verifyPath: API.passkeyRegistrationVerify },
    { quietly: true },
  );
  return passkey;
}
