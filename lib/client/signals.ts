// The WebAuthn Signal API: tells the person's passkey provider what this site knows, so its list
// of passkeys and account details stays true. Best effort: browsers without it keep their own list.
import { sendSignal } from "@simplewebauthn/browser";
import type { AcceptedCredentialsSignal, CurrentUserDetailsSignal } from "../server/passkeys/signals";

export type { AcceptedCredentialsSignal, CurrentUserDetailsSignal };

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
