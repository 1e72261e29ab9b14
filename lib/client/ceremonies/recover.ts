import { callApi } from "../api";
import { API } from "../api-paths";
import { register } from "./registration";

/**
 * "Create a new passkey" on the recovery page, once the wait is over: the emailed link's token
 * names the recovery, and this browser (the one that opened the link) is the only one allowed.
 * The server signs this browser in as it saves the passkey.
 */
export async function createPasskeyForRecovery(token: string): Promise<{ id: string; name: string }> {
  const { passkey } = await register<{ passkey: { id: string; name: string } }>({
    options: () => callApi("POST", API.emailRecoveryRegistrationOptions, { token }),
    verifyPath: API.emailRecoveryRegistrationVerify,
    verifyWith: { token },
  });
  return passkey;
}
