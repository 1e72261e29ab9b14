// /signup: creating an account with a passkey.
import { expect, type Page } from "@playwright/test";
import { uniqueEmail } from "../kit/index";
import { confirmEmail } from "./account";
import { chooseSavePlace, expectSuccessOrThrow, type SavePlace } from "./common";

/** The account a helper created. */
export interface SignedUpUser {
  email: string;
  name: string;
  /**
   * The test's clock once the sign-up's passkey ceremony was done: the new session's passkey
   * check (step-up) dates from before this. See `outwaitStepUpWindow` (e2e/step-up.ts).
   */
  passkeyCheckedAt: number;
}

/**
 * Creates an account through the real /signup form (Email, Name, "Create passkey") and waits
 * until the account page greets the new user. The page needs a virtual authenticator whose
 * user verification passes (`authenticators.add`); the new passkey is stored on it.
 * Throws with the page's alert text if sign-up shows an error instead.
 *
 * A new account's address is unconfirmed: /account shows "Confirm your email", and the portal
 * sends it no security emails until the code is entered. Pass `confirm: true` to enter it at once
 * ({@link confirmEmail}), e.g. in tests that expect security emails.
 *
 * Given `place`, it chooses "Choose where to save it" → `place` instead of "Create passkey".
 *
 * @param details Defaults: a `uniqueEmail`, the name "E2E Tester", `confirm: false`, no `place`.
 * @returns The email and name used, and when the sign-up's passkey check was done.
 */
export async function signUp(
  page: Page,
  details: { email?: string; name?: string; confirm?: boolean; place?: SavePlace } = {},
): Promise<SignedUpUser> {
  const user = { email: details.email ?? uniqueEmail("signup"), name: details.name ?? "E2E Tester" };
  await page.goto("/signup");
  await page.getByRole("textbox", { name: "Email" }).fill(user.email);
  await page.getByRole("textbox", { name: "Name" }).fill(user.name);
  if (details.place) await chooseSavePlace(page, details.place);
  else await page.getByRole("button", { name: "Create passkey" }).click();
  await expectSuccessOrThrow(page, page.getByRole("heading", { level: 1, name: user.name, exact: true }), "Sign-up");
  const passkeyCheckedAt = Date.now();
  await expect(page).toHaveURL("/account");
  if (details.confirm) await confirmEmail(page, user.email);
  return { ...user, passkeyCheckedAt };
}
