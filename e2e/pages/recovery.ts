// /account/recovery: recovery codes.
import type { Page } from "@playwright/test";
import { expectSuccessOrThrow, openUnlessShown } from "./common";

/**
 * On /account/recovery (opened if needed): presses "Generate recovery codes" and returns the ten
 * codes the page shows once. Throws with the page's alert text if the portal refuses. A passkey
 * check may run first (outside the step-up window): the page's authenticator answers it.
 */
export async function generateRecoveryCodes(page: Page): Promise<string[]> {
  await openUnlessShown(page, "/account/recovery");
  await page.getByRole("button", { name: "Generate recovery codes" }).click();
  const codes = page.getByRole("list", { name: "New recovery codes" }).getByRole("listitem");
  await expectSuccessOrThrow(page, codes.first(), "Generating recovery codes");
  return (await codes.allInnerTexts()).map((code) => code.trim());
}
