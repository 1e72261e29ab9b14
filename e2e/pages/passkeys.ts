// /account/passkeys: the account's passkeys.
import { expect, type Locator, type Page } from "@playwright/test";
import { answerOnlyWith, fetchJsonFromPage, type AuthenticatorOptions, type Authenticators, type VirtualAuthenticator } from "../kit/index";
import { confirmWithPasskeyOrThrow, stepUpRequired } from "../step-up";
import { chooseSavePlace, expectSuccessOrThrow, openUnlessShown, type SavePlace } from "./common";

/**
 * Makes sure the session on `page` may add a passkey right now: if the portal asks for a recent
 * passkey check (outside the step-up window), confirms with the page's unmuted authenticators
 * first. A recovery-code session that has not proven itself yet needs no check.
 */
async function ensureMayAddPasskey(page: Page): Promise<void> {
  const probe = await fetchJsonFromPage(page, "POST", "/api/account/passkeys/registration/options", {});
  if (probe.status === 200) return;
  if (!stepUpRequired(probe)) throw new Error(`Adding a passkey is refused: ${JSON.stringify(probe.json)}`);
  await confirmWithPasskeyOrThrow(page, "The passkey check before adding a passkey");
}

/**
 * Adds a second (third…) passkey to the signed-in account from a new virtual authenticator on
 * `page`: confirms with the page's existing authenticators if the portal asks for a recent
 * passkey check (`confirmWithPasskey`), attaches the new one, makes it the only one
 * answering (`answerOnlyWith`), opens /account/passkeys if needed, clicks "Add a passkey"
 * (or, given `place`, "Choose where to save it" → `place`) and waits for the "Added …" status.
 * Throws with the page's alert text if the portal refuses.
 *
 * @returns The new authenticator (it holds the new passkey) and the passkey's name as listed.
 */
export async function addPasskeyWithNewAuthenticator(
  page: Page,
  authenticators: Authenticators,
  options: AuthenticatorOptions,
  place?: SavePlace,
): Promise<{ device: VirtualAuthenticator; name: string }> {
  await openUnlessShown(page, "/account/passkeys");
  for (const other of authenticators.all) {
    if (other.page === page) await other.setAutomaticPresence(true).catch(() => undefined);
  }
  await ensureMayAddPasskey(page);
  const device = await authenticators.add(options, page);
  await answerOnlyWith(authenticators, device);
  const passkeys = page.getByRole("main").getByRole("listitem");
  const before = await passkeys.count();
  if (place) await chooseSavePlace(page, place);
  else await page.getByRole("button", { name: "Add a passkey" }).click();
  const status = page.getByRole("main").getByRole("status");
  await expectSuccessOrThrow(page, status, "Adding a passkey");
  await expect(passkeys).toHaveCount(before + 1);
  const name = /^Added “(.+)”\./.exec(await status.innerText())?.[1];
  if (!name) throw new Error(`Unexpected status after adding a passkey: ${await status.innerText()}`);
  return { device, name };
}

/** The status the account pages show after saving a passkey quietly (conditional create). */
export const SAVED_QUIETLY = "We saved a passkey on this device, so next time you can sign in with your face, fingerprint or PIN.";

/** The prompt to add a passkey, shown to a session whose browser holds none of the account's passkeys. */
export function passkeyHerePrompt(page: Page): Locator {
  return page.getByRole("region", { name: "Add a passkey on this device" });
}
