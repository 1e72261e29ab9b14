// Instant sign-in (issue 12): the sign-up page's "Sign in" link opens /signin?immediate=1, which
// asks for a passkey in the browser's immediate UI mode before it shows the form. Chromium's
// virtual authenticators answer that request like a device would: at once with the passkey they
// hold, or with NotAllowedError when they hold none. The browser requires the click's user
// activation, which survives because the link navigates client-side. Autofill is switched off
// here, so that only the immediate request can sign anyone in without a click on the form.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signOut } from "./pages/account";
import { alertOf } from "./pages/common";
import { signUp } from "./pages/sign-up";

test.use({ withoutAutofill: true });

const isSignInOptions = (url: string): boolean => new URL(url).pathname === "/api/session/sign-in/options";

/**
 * Opens /signup once it can navigate client-side: its Sign in link prefetches /signin after
 * hydration (a click before that would load a new document, and the click's user activation with
 * it would be lost). /signin's own script is fetched first, as any earlier visit would have left it
 * cached: on a busy 2-core machine, fetching it at the click can outlast the activation (5 s in Chromium).
 */
async function openSignUp(page: Page): Promise<void> {
  await page.goto("/signin");
  const hydrated = page.waitForResponse((response) => {
    const url = new URL(response.url());
    return url.pathname === "/signin" && url.searchParams.has("_rsc") && response.request().headers()["next-router-prefetch"] !== undefined;
  });
  await page.goto("/signup");
  await hydrated;
}

/** Notes in the page whether /signin's form ever shows (the page's document outlives client-side navigation). */
async function watchForSignInForm(page: Page): Promise<() => Promise<boolean | undefined>> {
  await page.evaluate(() => {
    const seen = window as unknown as { signInFormSeen?: boolean };
    seen.signInFormSeen = false;
    new MutationObserver(() => {
      if ([...document.querySelectorAll("button")].some((button) => button.textContent?.trim() === "Next")) seen.signInFormSeen = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { signInFormSeen?: boolean }).signInFormSeen);
}

test.describe("the Sign in link tries immediate sign-in", () => {
  test("signs in with the passkey this device holds, without showing the form", async ({ page, authenticators }) => {
    const phone = await authenticators.add();
    const user = await signUp(page);
    const [passkey] = await phone.credentials();
    await signOut(page);
    await openSignUp(page);
    const formSeen = await watchForSignInForm(page);
    phone.clearEvents();

    await page.getByRole("link", { name: "Sign in" }).click();

    await expect(page).toHaveURL("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
    expect((await phone.waitForEvent("credentialAsserted")).credentialId).toBe(passkey.credentialId);
    // False, not undefined: the same document all along, and no form in it.
    expect(await formSeen()).toBe(false);
  });

  test("shows the usual form, with no error, when the device holds no passkey", async ({ page, authenticators }) => {
    await authenticators.add();
    await openSignUp(page);
    const attempt = page.waitForResponse((response) => isSignInOptions(response.url()));

    await page.getByRole("link", { name: "Sign in" }).click();

    // With autofill off, only the immediate attempt asks for a challenge.
    expect((await attempt).status()).toBe(200);
    await expect(page).toHaveURL("/signin?immediate=1");
    await expect(page.getByRole("textbox", { name: "Email" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Next" })).toBeEnabled();
    await expect(page.getByRole("button", { name: "Other ways to sign in" })).toBeVisible();
    await expect(page.getByText("Checking for a passkey…")).toHaveCount(0);
    await expect(alertOf(page)).toHaveCount(0);
  });
});
