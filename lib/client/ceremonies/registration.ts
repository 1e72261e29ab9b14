import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { runCeremony, type Ceremony } from "./ceremony";

/**
 * A ceremony that creates a passkey. `quietly`: a conditional create (`mediation: "conditional"`),
 * which the browser's passkey provider answers without a prompt, or refuses.
 */
export function register<Verified>(ceremony: Ceremony<PublicKeyCredentialCreationOptionsJSON>, options: { quietly?: boolean } = {}): Promise<Verified> {
  return runCeremony(ceremony, (optionsJSON) => startRegistration({ optionsJSON, useAutoRegister: options.quietly === true }));
}
