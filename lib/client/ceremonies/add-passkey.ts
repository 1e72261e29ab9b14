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
