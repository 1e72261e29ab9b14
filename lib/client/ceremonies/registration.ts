import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { runCeremony, type Ceremony } from "./ceremony";

/** A ceremony that creates a passkey. */
export function register<Verified>(ceremony: Ceremony<PublicKeyCredentialCreationOptionsJSON>): Promise<Verified> {
  return runCeremony(ceremony, (optionsJSON) => startRegistration({ optionsJSON }));
}
