import { ApiError, callApi } from "../api";
import { API } from "../api-paths";
import { authenticate } from "./authentication";

/** Re-confirms the signed-in person with one of their passkeys (for sensitive changes). */
export async function confirmWithPasskey(): Promise<void> {
  await authenticate({ options: () => callApi("POST", API.stepUpOptions, {}), verifyPath: API.stepUpVerify });
}

/**
 * Runs a sensitive change; if the server asks for a fresh passkey check first, does it and retries
 * once. Adding a passkey goes through here too: its options request is the change.
 */
export async function withStepUp<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== "step_up_required") throw error;
    await confirmWithPasskey();
    return change();
  }
}
