import "server-only";
import { env } from "../platform/env";
import type { User } from "../../generated/prisma/client";
import { listPasskeysForUser } from "./passkeys";

// What the browser needs for the WebAuthn Signal API, so the passkey provider's list stays in
// step with the account: removed passkeys disappear, renamed accounts show their new name.
export interface AcceptedCredentialsSignal {
  rpId: string;
  userId: string;
  allAcceptedCredentialIds: string[];
}

export interface CurrentUserDetailsSignal {
  rpId: string;
  userId: string;
  name: string;
  displayName: string;
}

export async function acceptedCredentialsSignal(user: Pick<User, "id" | "userHandle">): Promise<AcceptedCredentialsSignal> {
  const passkeys = await listPasskeysForUser(user.id);
  return acceptedCredentials(user, passkeys.map((passkey) => passkey.credentialId));
}

/** The same, from credential IDs the caller already read (a sign-in reads them with its passkey). */
export function acceptedCredentialsSignalFor(user: Pick<User, "userHandle">, credentialIds: string[]): AcceptedCredentialsSignal {
  return acceptedCredentials(user, credentialIds);
}

/** For a deleted account: none of its passkeys count any more. */
export function noAcceptedCredentialsSignal(user: Pick<User, "userHandle">): AcceptedCredentialsSignal {
  return acceptedCredentials(user, []);
}

function acceptedCredentials(user: Pick<User, "userHandle">, credentialIds: string[]): AcceptedCredentialsSignal {
  return { rpId: env().rpId, userId: user.userHandle, allAcceptedCredentialIds: credentialIds };
}

export function currentUserDetailsSignal(user: Pick<User, "userHandle" | "email" | "displayName">): CurrentUserDetailsSignal {
  return { rpId: env().rpId, userId: user.userHandle, name: user.email, displayName: user.displayName };
}
