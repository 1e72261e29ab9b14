// /account: the profile, the pending email confirmation, and signing out.
import { expect, type Locator, type Page } from "@playwright/test";
import { confirmationEmail } from "../mailbox";
import { alertOf, openUnlessShown } from "./common";

/**
 * The section /account shows while an address waits for its code: "Confirm your email" (a new
 * account) or "Confirm your new email" (a change asked for in Edit profile).
 */
export function confirmationSection(page: Page): Locator {
  return page.getByRole("main").getByRole("region", { name: /^Confirm your (new )?email$/ });
}

/**
 * Confirms `email` like its owner: reads the code from the development mailbox
 * ({@link confirmationEmail}), opens /account if needed, types it into "Confirmation code",
 * presses "Confirm" and waits until the section is gone. Throws with the page's alert text if
 * the portal refuses the code. Works for a new account's address and for a new one asked for
 * in Edit profile (the account's email then changes).
 */
export async function confirmEmail(page: Page, email: string): Promise<void> {
  const { code } = await confirmationEmail(page.context(), email);
  await openUnlessShown(page, "/account");
  const section = confirmationSection(page);
  await section.getByRole("textbox", { name: "Confirmation code" }).fill(code);
  await section.getByRole("button", { name: "Confirm", exact: true }).click();
  const alert = alertOf(page);
  await expect
    .poll(async () => (await alert.isVisible()) || !(await section.isVisible()), { message: `the confirmation of ${email}`, timeout: 15_000 })
    .toBe(true);
  if (await alert.isVisible()) throw new Error(`Confirming ${email} failed: ${await alert.innerText()}`);
}

/**
 * Signs out through the account page's "Sign out" button (the page must show /account) and
 * waits for the sign-in page. With autofill available and a matching passkey on the page's
 * authenticator, /signin then signs straight back in: use `withoutAutofill`, or remove the
 * authenticator first, to stay signed out.
 */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/signin");
}
