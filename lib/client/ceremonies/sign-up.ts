import type { PasskeyPlacement } from "../../shared/passkey-placement";
import { callApi } from "../api";
import { API } from "../api-paths";
import { register } from "./registration";

/**
 * Creates the account and its first passkey; the verify answer signs the browser in. With a
 * placement ("Choose where to save it"), the browser's prompt opens on that kind of authenticator.
 */
export async function signUp(details: { email: string; name: string; placement?: PasskeyPlacement }): Promise<void> {
  await register({ options: () => callApi("POST", API.signUpOptions, details), verifyPath: API.signUpVerify });
}
