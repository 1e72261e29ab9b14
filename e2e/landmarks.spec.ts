import { expect, test } from "./fixtures";
import { signUp } from "./pages/sign-up";

test.describe("every page has exactly one main landmark", () => {
  for (const path of ["/signin", "/signup", "/no-such-page"]) {
    test(path, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole("main")).toHaveCount(1);
      await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    });
  }

  test("/account", async ({ page, authenticators }) => {
    await authenticators.add();
    await signUp(page);
    await expect(page.getByRole("main")).toHaveCount(1);
  });
});
