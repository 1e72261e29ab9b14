import { expect, test, uniqueEmail } from "./fixtures";
import { signOut } from "./pages/account";
import { alertOf } from "./pages/common";
import { EMAIL_SIGN_IN_FAILED, signInWithEmail, signInWithPasskeyButton } from "./pages/sign-in";
import { signUp } from "./pages/sign-up";
import { sessionCookie } from "./session-cookie";


test.describe("sign in with passkey autofill", () => {
  test("the sign-in page signs in by itself when the device holds a passkey", async ({ page, authenticators }) => {
    const phone = await authenticators.add();
    const user = await signUp(page);
    const [passkey] = await phone.credentials();
    const before = (await sessionCookie(page))?.value;
    phone.clearEvents();

    // No click from here on: the page's conditional request is answered by the authenticator.
    await signOut(page);

    await expect(page).toHaveURL("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
    const asserted = await phone.waitForEvent("credentialAsserted");
    expect(asserted.credentialId).toBe(passkey.credentialId);
    const after = (await sessionCookie(page))?.value;
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });
});

test.describe("sign in with the explicit buttons", () => {
  test.use({ withoutAutofill: true });

  test("email and Next", async ({ page, authenticators }) => {
    const phone = await authenticators.add();
    const user = await signUp(page);
    await signOut(page);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    phone.clearEvents();

    await signInWithEmail(page, user.email);

    await expect(page).toHaveURL("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
    await phone.waitForEvent("credentialAsserted");
  });

  test("Other ways to sign in, then Face, fingerprint, PIN, or security key", async ({ page, authenticators }) => {
    const phone = await authenticators.add();
    const user = await signUp(page);
    await signOut(page);
    phone.clearEvents();

    const otherWays = page.getByRole("button", { name: "Other ways to sign in" });
    const passkeyButton = page.getByRole("button", { name: "Face, fingerprint, PIN, or security key" });
    await expect(otherWays).toHaveAttribute("aria-expanded", "false");
    await expect(passkeyButton).toBeHidden();
    await otherWays.click();
    await expect(otherWays).toHaveAttribute("aria-expanded", "true");
    await passkeyButton.click();

    await expect(page).toHaveURL("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
    await phone.waitForEvent("credentialAsserted");
  });

  test("honors a same-origin callbackUrl", async ({ page, authenticators }) => {
    await authenticators.add();
    await signUp(page);
    await signOut(page);

    await page.goto(`/signin?callbackUrl=${encodeURIComponent("/account?tab=security")}`);
    await signInWithPasskeyButton(page);

    await expect(page).toHaveURL("/account?tab=security");
  });

  test("returns to the account page after being sent to sign in from it", async ({ page, authenticators }) => {
    await authenticators.add();
    const user = await signUp(page);
    await signOut(page);

    await page.goto("/account");
    await expect(page).toHaveURL("/signin?callbackUrl=%2Faccount");
    await signInWithEmail(page, user.email);

    await expect(page).toHaveURL("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
  });

  for (const target of ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example/phish"]) {
    test(`ignores an off-site callbackUrl (${target})`, async ({ page, authenticators }) => {
      await authenticators.add();
      await signUp(page);
      await signOut(page);

      await page.goto(`/signin?callbackUrl=${encodeURIComponent(target)}`);
      await signInWithPasskeyButton(page);

      await expect(page).toHaveURL("/account");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    });
  }

  for (const way of ["email and Next", "the passkey button"] as const) {
    test(`a failed user verification (${way}) shows an alert and stays signed out`, async ({ page, authenticators }) => {
      const phone = await authenticators.add();
      const user = await signUp(page);
      await signOut(page);
      await phone.setUserVerified(false);

      if (way === "email and Next") await signInWithEmail(page, user.email);
      else await signInWithPasskeyButton(page);

      // "Next" cannot tell a failed check from an email without passkeys here: one answer for both.
      if (way === "email and Next") await expect(alertOf(page)).toContainText(EMAIL_SIGN_IN_FAILED);
      else await expect(alertOf(page)).toHaveText("Sign-in was cancelled, timed out, or your device couldn't verify you. Try again.");
      await expect(page).toHaveURL("/signin");
      expect(await sessionCookie(page)).toBeUndefined();
      await page.goto("/account");
      await expect(page).toHaveURL("/signin?callbackUrl=%2Faccount");
    });
  }

  test("an unknown email gets a passkey prompt like any other, then the offer to create an account with it", async ({ page, authenticators }) => {
    // A laptop with a security key plugged in, neither holding a passkey for this site: the prompt
    // finds nothing, as for a known email on a new device. (Chromium fails such a prompt at once
    // only when an authenticator of every transport the allow list names is attached; with none
    // for, say, "usb", it waits for a key until the ceremony times out, as a real browser does.)
    const device = await authenticators.add({ kind: "platform" });
    const key = await authenticators.add({ kind: "security-key" });
    const email = uniqueEmail("unknown");
    const options = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/session/sign-in/options");
    await page.goto("/signin");
    await signInWithEmail(page, email);

    expect((await options).status()).toBe(200);
    await expect(alertOf(page)).toContainText(EMAIL_SIGN_IN_FAILED);
    expect([...device.events("credentialAsserted"), ...key.events("credentialAsserted")]).toEqual([]);
    const create = alertOf(page).getByRole("link", { name: "Create an account with this email" });
    await create.click();

    await expect(page).toHaveURL(`/signup?email=${encodeURIComponent(email)}`);
    await expect(page.getByRole("textbox", { name: "Email" })).toHaveValue(email);
  });

  for (const way of ["email and Next", "the passkey button"] as const) {
    test(`a passkey deleted from the device can no longer sign in (${way})`, async ({ page, authenticators }) => {
      const phone = await authenticators.add();
      const user = await signUp(page);
      await signOut(page);
      await phone.clear();
      expect(await phone.credentials()).toEqual([]);

      if (way === "email and Next") await signInWithEmail(page, user.email);
      else await signInWithPasskeyButton(page);

      await expect(alertOf(page)).toBeVisible();
      await expect(page).toHaveURL("/signin");
      expect(phone.events("credentialAsserted")).toEqual([]);
      expect(await sessionCookie(page)).toBeUndefined();
    });
  }
});

test.describe("autofill resilience", () => {
  // A failure nobody caused (here: the page is opened on 127.0.0.1, an origin not in ORIGINS,
  // so every options request gets 403) must not re-arm autofill in a request loop.
  test("a failing autofill request is not retried in a tight loop", async ({ page, baseURL }) => {
    let optionsRequests = 0;
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/api/session/sign-in/options") optionsRequests++;
    });
    const unlistedOrigin = new URL("/signin", baseURL);
    unlistedOrigin.hostname = "127.0.0.1";
    await page.goto(unlistedOrigin.href);
    await expect(alertOf(page)).toBeVisible();
    await page.waitForTimeout(3_000);
    expect(optionsRequests).toBeLessThanOrEqual(5);
  });
});
