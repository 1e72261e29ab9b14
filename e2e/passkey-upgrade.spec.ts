// Automatic passkey upgrade: a browser signed in without a passkey of its own (a recovery code,
// or a phone's passkey through hybrid) gets one quietly where the browser can create one that way (conditional
// create), and the add-a-passkey prompt where it can't. The server's rules (who may, what it
// accepts) are tested without a browser: lib/server/ceremonies/automatic-add.test.ts.
import { answerConditionalCreate, disableConditionalCreate, expect, openAnotherBrowser, test } from "./fixtures";
import { signOut } from "./pages/account";
import { addPasskeyWithNewAuthenticator, passkeyHerePrompt, SAVED_QUIETLY } from "./pages/passkeys";
import { generateRecoveryCodes } from "./pages/recovery";
import { signInWithPasskeyButton, signInWithRecoveryCode } from "./pages/sign-in";
import { signUp } from "./pages/sign-up";

const AUTOMATIC_OPTIONS = "/api/account/passkeys/registration/automatic-options";

for (const canCreateQuietly of [true, false]) {
  test(`after a recovery-code sign-in, a browser ${canCreateQuietly ? "with" : "without"} conditional create ${canCreateQuietly ? "saves a passkey quietly" : "shows the prompt"}`, async ({
    page,
    authenticators,
    browser,
  }) => {
    await authenticators.add();
    const user = await signUp(page);
    const [code] = await generateRecoveryCodes(page);

    const laptop = await openAnotherBrowser(browser);
    try {
      await (canCreateQuietly ? answerConditionalCreate(laptop.context) : disableConditionalCreate(laptop.context));
      const device = await authenticators.add({ kind: "platform", synced: true }, laptop.page);
      const automaticRequests: string[] = [];
      laptop.page.on("request", (request) => {
        if (new URL(request.url()).pathname === AUTOMATIC_OPTIONS) automaticRequests.push(request.url());
      });
      await laptop.page.goto("/signin");
      await signInWithRecoveryCode(laptop.page, user.email, code);
      await expect(laptop.page).toHaveURL(/\/account\/passkeys/);
      const main = laptop.page.getByRole("main");

      if (canCreateQuietly) {
        await expect(main.getByRole("status")).toHaveText(SAVED_QUIETLY);
        await expect(passkeyHerePrompt(laptop.page)).toHaveCount(0);
        await expect(main.getByRole("list").getByRole("listitem")).toHaveCount(2);
        expect(await device.credentials()).toHaveLength(1);
        // Saved once: the account page no longer offers one, quietly or not.
        await laptop.page.goto("/account");
        await expect(laptop.page.getByRole("heading", { level: 1 })).toHaveText(user.name);
        await expect(passkeyHerePrompt(laptop.page)).toHaveCount(0);
        expect(automaticRequests).toHaveLength(1);
      } else {
        await expect(passkeyHerePrompt(laptop.page)).toContainText("You signed in with a recovery code");
        await expect(main.getByRole("list").getByRole("listitem")).toHaveCount(1);
        expect(await device.credentials()).toEqual([]);
        expect(automaticRequests).toEqual([]);
      }
    } finally {
      await laptop.context.close();
    }
  });
}

test.describe("a sign-in with a phone's passkey through hybrid", () => {
  test.use({ withoutAutofill: true });

  test("asks for a passkey on this device until one is added here", async ({ page, context, authenticators }) => {
    await disableConditionalCreate(context);
    // The account's only passkey is on a phone: Chromium reports it as cross-platform, over hybrid.
    await authenticators.add({ kind: "phone", synced: true });
    const user = await signUp(page);
    await signOut(page);
    await signInWithPasskeyButton(page);
    await page.waitForURL((url) => url.pathname === "/account");

    await expect(passkeyHerePrompt(page)).toContainText("You signed in with a passkey from another device");
    await passkeyHerePrompt(page).getByRole("link", { name: "Add one now" }).click();
    await expect(passkeyHerePrompt(page)).toContainText("You signed in with a passkey from another device, such as your phone.");

    await addPasskeyWithNewAuthenticator(page, authenticators, { kind: "platform" });
    await expect(passkeyHerePrompt(page)).toHaveCount(0);
    await page.goto("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
    await expect(passkeyHerePrompt(page)).toHaveCount(0);
  });
});
