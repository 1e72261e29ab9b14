import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { runCeremony, type Ceremony } from "./ceremony";

/** A ceremony that uses a passkey; with `useBrowserAutofill`, the prompt waits in the email field's autofill list. */
export function authenticate<Verified>(
  ceremony: Ceremony<PublicKeyCredentialRequestOptionsJSON>,
  useBrowserAutofill = false,
): Promise<Verified> {
  return runCeremony(ceremony, (optionsJSON) => startAuthentication({ optionsJSON, useBrowserAutofill }));
}
