import { callApi } from "../api";
import { API } from "../api-paths";
import { register } from "./registration";

/** Creates the account and its first passkey; the verify answer signs the browser in. */
export async function signUp(details: { email: string; name: string }): Promise<void> {
  await register({ options: () => callApi("POST", API.signUpOptions, details), verifyPath: API.signUpVerify });
}
