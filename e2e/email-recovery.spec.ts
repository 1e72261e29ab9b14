import { expect, openAnotherBrowser, test, uniqueEmail } from "./fixtures";
import { alertOf } from "./pages/common";
import { recoveryBanner, recoveryLinkFromEmail, RECOVERY_REQUESTED, startEmailRecovery } from "./pages/email-recovery";
import { signInWithPasskeyButton } from "./pages/sign-in";
import { signOut } from "./pages/account";
import { signUp } from "./pages/sign-up";
import { RECOVERY_DELAY_MS } from "./server-settings";

// Issue 14: the last way back in, for an owner who lost every passkey, through the confirmed email.
// The e2e server waits RECOVERY_DELAY_HOURS (e2e/server-settings.ts) between opening the link and
// "Create a new passkey".

test("recovery through the email: same answer for any address, the owner's banner cancels it, and after the wait a new passkey signs out every other device", async ({
  page,
  authenticators,
  browser,
  mailbox,
}) => {
  test.setTimeout(90_000 + 2 * RECOVERY_DELAY_MS);
  // The owner's browser: signed up with a passkey and a confirmed email, and stays signed in.
  await authenticators.add();
  const user = await signUp(page, { confirm: true });

  // The device is lost: another browser, with a new authenticator holding no passkey.
  const lost = await openAnotherBrowser(browser);
  try {
    const newDevice = await authenticators.add({ kind: "platform" }, lost.page);
    await lost.page.goto("/signin");

    // Nothing tells whether an address has an account.
    await expect(await startEmailRecovery(lost.page, uniqueEmail("nobody"))).toHaveText(RECOVERY_REQUESTED);
    await lost.page.reload();
    await expect(await startEmailRecovery(lost.page, user.email)).toHaveText(RECOVERY_REQUESTED);

    // Opening the link starts the wait; the owner's pages warn, and one press cancels it.
    const firstLink = await recoveryLinkFromEmail(mailbox, user.email);
    expect(new URL(firstLink).pathname).toBe("/recover");
    await lost.page.goto(firstLink);
    await expect(lost.page.getByRole("main").getByRole("status")).toContainText("Your recovery has started.");
    await page.goto("/account/passkeys");
    await expect(recoveryBanner(page)).toBeVisible();
    await recoveryBanner(page).getByRole("button", { name: "Cancel recovery" }).click();
    await expect(page.getByRole("main").getByRole("status").filter({ hasText: "Recovery cancelled." })).toBeVisible();
    await expect(recoveryBanner(page)).toHaveCount(0);
    await page.reload();
    await expect(recoveryBanner(page)).toHaveCount(0);
    await lost.page.reload();
    await expect(alertOf(lost.page)).toContainText("was cancelled");

    // Again, and this time the owner lets it run.
    await lost.page.goto("/signin");
    await expect(await startEmailRecovery(lost.page, user.email)).toHaveText(RECOVERY_REQUESTED);
    const secondLink = await recoveryLinkFromEmail(mailbox, user.email, [firstLink]);
    await lost.page.goto(secondLink);
    const waitStarted = Date.now();
    await expect(lost.page.getByRole("main").getByRole("status")).toContainText("Your recovery has started.");
    const create = lost.page.getByRole("button", { name: "Create a new passkey" });
    await expect(create).toHaveCount(0);
    await page.reload();
    await expect(recoveryBanner(page)).toBeVisible();

    // The page opens itself again when the wait is over (never before it).
    await expect(async () => {
      await expect(create).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: RECOVERY_DELAY_MS + 15_000 });
    expect(Date.now() - waitStarted).toBeGreaterThanOrEqual(RECOVERY_DELAY_MS - 1000);
    await create.click();
    await expect(lost.page).toHaveURL("/account/passkeys", { timeout: 15_000 });
    expect(await newDevice.credentials()).toHaveLength(1);

    // The earlier passkey is marked; the new one is not.
    const passkeys = lost.page.getByRole("main").getByRole("listitem").filter({ has: lost.page.getByRole("heading", { level: 3 }) });
    await expect(passkeys).toHaveCount(2);
    await expect(passkeys.filter({ hasText: "Before recovery" })).toHaveCount(1);

    // Every other device is signed out; the new passkey signs in.
    await page.goto("/account");
    await expect(page).toHaveURL(/\/signin/);
    await lost.page.goto("/account");
    await signOut(lost.page);
    await signInWithPasskeyButton(lost.page);
    await expect(lost.page).toHaveURL("/account", { timeout: 15_000 });
    await expect(lost.page.getByRole("heading", { level: 1 })).toHaveText(user.name);
  } finally {
    await lost.context.close();
  }
});
