import { expect, test } from "./fixtures";
import { signOut } from "./pages/account";
import { signUp } from "./pages/sign-up";
import { sessionCookie } from "./session-cookie";

test.describe("sessions", () => {
  // Stay signed out after signing out: no autofill to sign straight back in.
  test.use({ withoutAutofill: true });

  test("signing out ends the session on the server, not just in this browser", async ({ page, authenticators, browser }) => {
    await authenticators.add();
    const user = await signUp(page);
    const session = await sessionCookie(page);
    expect(session).toBeDefined();

    // Control: the copied cookie alone opens the account in another browser while the session lives.
    const before = await browser.newContext();
    try {
      await before.addCookies([session!]);
      const replay = await before.newPage();
      await replay.goto("/account");
      await expect(replay.getByRole("heading", { level: 1 })).toHaveText(user.name);
    } finally {
      await before.close();
    }

    await signOut(page);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    await page.goto("/account");
    await expect(page).toHaveURL("/signin?callbackUrl=%2Faccount");

    const after = await browser.newContext();
    try {
      await after.addCookies([session!]);
      const replay = await after.newPage();
      await replay.goto("/account");
      await expect(replay).toHaveURL("/signin?callbackUrl=%2Faccount");
      await expect(replay.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    } finally {
      await after.close();
    }
  });

  test("the account page sends a visitor who is not signed in to sign in", async ({ page }) => {
    await page.goto("/account");
    await expect(page).toHaveURL("/signin?callbackUrl=%2Faccount");
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  });

  test("/ leads to sign in when signed out and to the account when signed in", async ({ page, authenticators }) => {
    await page.goto("/");
    await expect(page).toHaveURL("/signin");

    await authenticators.add();
    const user = await signUp(page);
    await page.goto("/");
    await expect(page).toHaveURL("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
  });

  test("a forged session cookie is not accepted", async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: "portal.session", value: "forged.session.token", url: baseURL! }]);
    await page.goto("/account");
    await expect(page).toHaveURL("/signin?callbackUrl=%2Faccount");
  });
});
