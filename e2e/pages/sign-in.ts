// /signin: passkey by email ("Next"), any passkey (the button), or a recovery code.
import type { Page } from "@playwright/test";

/** The one answer /signin gives to a wrong, spent or unknown email-and-recovery-code pair. */
export const RECOVERY_CODE_REFUSED = "That email and recovery code don't match an unused recovery code. Check both and try again.";

/**
 * The start of /signin's alert when a "Next" (email-first) prompt ends without a passkey. It is
 * the same for an email without an account, so it never tells a stranger which emails have one.
 */
export const EMAIL_SIGN_IN_FAILED =
  "We couldn't sign you in with a passkey for that email: the prompt was cancelled or timed out, your device couldn't verify you, or it holds no passkey for that email.";

/** On /signin: types the email and presses Next (the server then allows only that account's passkeys). */
export async function signInWithEmail(page: Page, email: string): Promise<void> {
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await page.getByRole("button", { name: "Next" }).click();
}

/** On /signin: expands "Other ways to sign in" unless it is already open. */
async function showOtherWays(page: Page): Promise<void> {
  const otherWays = page.getByRole("button", { name: "Other ways to sign in" });
  if ((await otherWays.getAttribute("aria-expanded")) !== "true") await otherWays.click();
}

/** On /signin: opens "Other ways to sign in" if needed and presses the passkey button (any discoverable passkey). */
export async function signInWithPasskeyButton(page: Page): Promise<void> {
  await showOtherWays(page);
  await page.getByRole("button", { name: "Face, fingerprint, PIN, or security key" }).click();
}

/**
 * On /signin: switches to the recovery-code form ("Other ways to sign in", then "Use a recovery
 * code") unless it is already shown, fills Email and Recovery code and presses "Sign in". It does
 * not wait for the outcome: a valid code lands on /account/passkeys?recovered=1, any other shows
 * an alert (`alertOf`).
 */
export async function signInWithRecoveryCode(page: Page, email: string, code: string): Promise<void> {
  const codeField = page.getByRole("textbox", { name: "Recovery code" });
  if (!(await codeField.isVisible())) {
    await showOtherWays(page);
    await page.getByRole("button", { name: "Use a recovery code" }).click();
  }
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await codeField.fill(code);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}
