import type { Page } from "@playwright/test";
import { answerOnlyWith, expect, openAnotherBrowser, test } from "./fixtures";
import { alertOf } from "./pages/common";
import { generateRecoveryCodes } from "./pages/recovery";
import { signInWithRecoveryCode } from "./pages/sign-in";
import { signUp } from "./pages/sign-up";
import { outwaitStepUpWindow } from "./step-up";

// What a session the owner did not mean to leave open can do: nothing that outlives it.

const ADD_PASSKEY_FIRST = "You signed in with a recovery code. Add a passkey on this device first, then confirm with it.";

/** Opens the Delete account dialog from /account, types `email` and presses "Delete my account". */
async function confirmDeletion(page: Page, email: string): Promise<void> {
  await page.getByRole("button", { name: "Delete account" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete your account?" });
  await dialog.getByRole("textbox", { name: "Type your email to confirm" }).fill(email);
  await dialog.getByRole("button", { name: "Delete my account" }).click();
}

test.describe("adding a passkey", () => {
  test.use({ withoutAutofill: true });

  test("after the step-up window asks for a passkey the account already had, then creates the new one", async ({ page, authenticators }) => {
    test.setTimeout(90_000);
    const phone = await authenticators.add({ kind: "platform", synced: false });
    const { passkeyCheckedAt } = await signUp(page);
    await page.goto("/account/passkeys");
    await outwaitStepUpWindow(page, passkeyCheckedAt);

    const key = await authenticators.add({ kind: "security-key", synced: false });
    // The check must be answered by the phone, the creation by the key: switch over exactly when
    // the page asks for creation options the second time (the first is refused: check first).
    await answerOnlyWith(authenticators, phone);
    const optionsAnswers: number[] = [];
    await page.route("**/api/account/passkeys/registration/options", async (route) => {
      if (optionsAnswers.length === 1) await answerOnlyWith(authenticators, key);
      const response = await route.fetch();
      optionsAnswers.push(response.status());
      await route.fulfill({ response });
    });
    phone.clearEvents();

    await page.getByRole("button", { name: "Add a passkey" }).click();

    await expect(page.getByRole("main").getByRole("status")).toHaveText(/^Added “.+”\. You can rename it below\.$/);
    expect(optionsAnswers).toEqual([403, 200]);
    expect(phone.events("credentialAsserted")).toHaveLength(1);
    expect(await key.credentials()).toHaveLength(1);
    await expect(page.getByRole("main").getByRole("list").getByRole("listitem")).toHaveCount(2);
  });
});

test.describe("a recovery-code session", () => {
  test.use({ withoutAutofill: true });

  test("cannot delete the account until it has added a passkey here and confirmed with it", async ({ page, authenticators, browser }) => {
    await authenticators.add();
    const user = await signUp(page);
    const codes = await generateRecoveryCodes(page);

    const stranger = await openAnotherBrowser(browser);
    try {
      await stranger.page.goto("/signin");
      await signInWithRecoveryCode(stranger.page, user.email, codes[0]);
      await expect(stranger.page).toHaveURL(/\/account\/passkeys/);
      await expect(stranger.page.getByRole("region", { name: "Add a passkey on this device" })).toContainText(
        "this session can't remove passkeys, change security settings or delete the account",
      );

      await stranger.page.goto("/account");
      await confirmDeletion(stranger.page, user.email);
      await expect(stranger.page.getByRole("dialog", { name: "Delete your account?" }).getByRole("alert")).toHaveText(ADD_PASSKEY_FIRST);

      await page.goto("/account");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
    } finally {
      await stranger.context.close();
    }
  });
});
