// What every screen of the portal shares: where its error message is, and how a step ends.
import { expect, type Locator, type Page } from "@playwright/test";

/**
 * The page's error message: the `role="alert"` inside the `main` landmark. (Next.js also
 * renders an always-present route announcer with `role="alert"` outside `main`.)
 */
export function alertOf(page: Page): Locator {
  return page.getByRole("main").getByRole("alert");
}

/** Opens `path` unless the page already shows it, so a helper can continue where a test is. */
export async function openUnlessShown(page: Page, path: string): Promise<void> {
  if (new URL(page.url()).pathname !== path) await page.goto(path);
}

/**
 * Waits (up to 15 s, a ceremony included) until `success` or the page's alert shows, and throws
 * with the alert's text if the portal refused: `${step} failed: …`.
 */
export async function expectSuccessOrThrow(page: Page, success: Locator, step: string): Promise<void> {
  const alert = alertOf(page);
  await expect(success.or(alert)).toBeVisible({ timeout: 15_000 });
  if (await alert.isVisible()) throw new Error(`${step} failed: ${await alert.innerText()}`);
}

/** The places "Choose where to save it" offers, on /account/passkeys and /signup. */
export type SavePlace = "This device" | "A phone or tablet" | "A security key";

/**
 * Opens the "Choose where to save it" disclosure unless it is open, and returns the three
 * buttons' group (the element its `aria-controls` names).
 */
export async function openSaveChoices(page: Page): Promise<Locator> {
  const disclosure = page.getByRole("button", { name: "Choose where to save it" });
  if ((await disclosure.getAttribute("aria-expanded")) !== "true") await disclosure.click();
  await expect(disclosure).toHaveAttribute("aria-expanded", "true");
  const controls = await disclosure.getAttribute("aria-controls");
  if (!controls) throw new Error('"Choose where to save it" names no element in aria-controls');
  return page.locator(`[id="${controls}"]`);
}

/** Starts a passkey registration through "Choose where to save it" → `place`. */
export async function chooseSavePlace(page: Page, place: SavePlace): Promise<void> {
  const choices = await openSaveChoices(page);
  await choices.getByRole("button", { name: place, exact: true }).click();
}
