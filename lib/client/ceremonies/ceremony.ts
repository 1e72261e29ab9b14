// The one sequence under every passkey ceremony: ask the server for options (and its challenge),
// show the browser's passkey prompt, send the answer to be verified. A verify request that
// succeeds has already done its work server-side (set the session cookie, stored the passkey,
// marked the session as recently confirmed).
//
// Each ceremony lives in its own module, and the two prompts in theirs, so that a page loads
// only the ceremonies it runs: /signin, loaded by everyone, never carries the registration code.
import { callApi } from "../api";

export interface Ceremony<Options> {
  options: () => Promise<Options>;
  verifyPath: string;
  /** Sent to the verify path beside the response (the recovery link's token, say). */
  verifyWith?: Record<string, unknown>;
  /** The person answered the prompt; verification starts next. */
  onAnswered?: () => void;
  /** Verification refused the answer: a last word before the failure goes on to the caller. */
  onRefused?: (failure: unknown, optionsJSON: Options, credentialId: string) => Promise<void>;
}

export async function runCeremony<Options, Verified>(
  ceremony: Ceremony<Options>,
  prompt: (optionsJSON: Options) => Promise<{ id: string }>,
): Promise<Verified> {
  const optionsJSON = await ceremony.options();
  const response = await prompt(optionsJSON);
  ceremony.onAnswered?.();
  try {
    return await callApi<Verified>("POST", ceremony.verifyPath, { ...ceremony.verifyWith, response });
  } catch (failure) {
    await ceremony.onRefused?.(failure, optionsJSON, response.id);
    throw failure;
  }
}
