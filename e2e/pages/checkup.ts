// /account/checkup: the security checkup.
import type { Locator, Page } from "@playwright/test";

/** The checkup's findings, most severe first: one list item each, named by its heading. */
export function checkupFindings(page: Page): Locator {
  return page.getByRole("main").getByRole("list").getByRole("listitem");
}

/** One finding by its title (exact), e.g. "Only one passkey". */
export function checkupFinding(page: Page, title: string): Locator {
  return checkupFindings(page).filter({ has: page.getByRole("heading", { level: 3, name: title, exact: true }) });
}

/** The "Security checkup" card on /account, which says how many findings there are ("2 things to check", "All good"). */
export function checkupCard(page: Page): Locator {
  return page
    .getByRole("navigation", { name: "Account settings" })
    .locator("div")
    .filter({ has: page.getByRole("link", { name: "Security checkup", exact: true }) });
}
