// The portal's passkey check (step-up) before a sensitive change, driven from a page the way
// its own scripts do it.
import type { Page } from "@playwright/test";
import { fetchJsonFromPage, getCredentialInPage, type PageAnswer } from "./kit/index";
import { STEP_UP_WINDOW_MS } from "./server-settings";

/**
 * Waits until the session's last passkey check, made before `checkedAt` (the test's clock: a
 * sign-up's `passkeyCheckedAt`, or `Date.now()` after {@link confirmWithPasskey} or after a step
 * that may have asked for a check), is older than the e2e server's step-up window, so that the
 * next sensitive change asks for a passkey. Only what is left of the window is waited: the steps
 * a test took since the check already count.
 */
export async function outwaitStepUpWindow(page: Page, checkedAt: number): Promise<void> {
  const left = checkedAt + STEP_UP_WINDOW_MS + 1_000 - Date.now();
  if (left > 0) await page.waitForTimeout(left);
}

/**
 * Confirms the signed-in person on `page` with one of their passkeys (a step-up), the way the
 * pages do before a sensitive change: asks /api/session/step-up/options, lets the page's authenticators
 * answer `navigator.credentials.get`, and posts the result to /api/session/step-up/verify. The session
 * then counts as recently verified for STEP_UP_WINDOW_SECONDS. Only passkeys the account had
 * before this session began can answer (a recovery-code session: only a passkey it added).
 *
 * @returns The verify answer (status 200 on success), or the options refusal, e.g. 403
 * `add_passkey_first` for a recovery-code session that has not added a passkey yet.
 */
export async function confirmWithPasskey(page: Page): Promise<PageAnswer> {
  const options = await fetchJsonFromPage(page, "POST", "/api/session/step-up/options", {});
  if (options.status !== 200) return options;
  const response = await getCredentialInPage(page, options.json as PublicKeyCredentialRequestOptionsJSON);
  return fetchJsonFromPage(page, "POST", "/api/session/step-up/verify", { response });
}

/** True when the portal refused a request until the person confirms with a passkey. */
export function stepUpRequired(answer: PageAnswer): boolean {
  return answer.status === 403 && (answer.json as { code?: string } | null)?.code === "step_up_required";
}

/** {@link confirmWithPasskey}, throwing `${check} failed: …` when the portal does not accept it. */
export async function confirmWithPasskeyOrThrow(page: Page, check: string): Promise<void> {
  const confirmed = await confirmWithPasskey(page);
  if (confirmed.status !== 200) throw new Error(`${check} failed: ${JSON.stringify(confirmed.json)}`);
}

/**
 * A same-origin JSON request from `page`, as the portal's own scripts send it (the browser adds
 * Origin and the session cookie). Like the portal's pages, it answers a 403 `step_up_required`
 * with {@link confirmWithPasskey} and retries once. A test that relies on its sign-up being
 * recent enough for a sensitive change would otherwise fail on a machine slow enough to pass the
 * step-up window (20 s in the e2e server) between two steps. Tests of the step-up itself use the UI.
 */
export async function requestFromPage(page: Page, method: "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<PageAnswer> {
  const first = await fetchJsonFromPage(page, method, url, body);
  if (!stepUpRequired(first)) return first;
  await confirmWithPasskeyOrThrow(page, "The passkey check the portal asked for");
  return fetchJsonFromPage(page, method, url, body);
}
