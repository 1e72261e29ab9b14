import type { Locator, Page } from "@playwright/test";
import { answerOnlyWith, expect, test } from "./fixtures";
import { signOut } from "./pages/account";
import { alertOf } from "./pages/common";
import { addPasskeyWithNewAuthenticator } from "./pages/passkeys";
import { signInWithEmail, signInWithPasskeyButton } from "./pages/sign-in";
import { signUp } from "./pages/sign-up";
import { sessionCookie } from "./session-cookie";
import { confirmWithPasskey, requestFromPage } from "./step-up";

const POLICY = "Only allow passkeys that stay on one device";
const TURNED_ON = "Only passkeys that stay on one device can be used now.";
const TURNED_OFF = "Synced passkeys can be used again.";
const NOT_USABLE = "Not usable: your account only allows passkeys that stay on one device.";

function policy(page: Page): Locator {
  return page.getByRole("checkbox", { name: POLICY });
}

function passkeyItems(page: Page): Locator {
  return page.getByRole("main").getByRole("list").getByRole("listitem");
}

// Every change below may run the passkey check (step-up) first when the session's last check is
// older than STEP_UP_WINDOW_SECONDS; each test therefore leaves a device-bound passkey answering
// before it changes the setting, so the result is the same either way.
test.describe("device-bound-only policy", () => {
  test.use({ withoutAutofill: true });

  test("is disabled, with the reason, while the account has no device-bound passkey", async ({ page, authenticators }) => {
    await authenticators.add({ kind: "platform", synced: true });
    await signUp(page);
    await page.goto("/account/passkeys");

    await expect(policy(page)).toBeDisabled();
    await expect(policy(page)).not.toBeChecked();
    await expect(policy(page)).toHaveAccessibleDescription(
      "Add a passkey that stays on one device (such as a security key) first, so this setting can't lock you out.",
    );
    // The server refuses it as well.
    const refused = await requestFromPage(page, "PUT", "/api/account/policy", { deviceBoundOnly: true });
    expect(refused).toMatchObject({ status: 409, json: { code: "no_device_bound_passkey" } });
    await page.reload();
    await expect(policy(page)).not.toBeChecked();

    // Control: a device-bound passkey enables it.
    await addPasskeyWithNewAuthenticator(page, authenticators, { kind: "security-key", synced: false });
    await expect(policy(page)).toBeEnabled();
    await expect(policy(page)).toHaveAccessibleDescription(/^Synced passkeys can't be added or used to sign in while this is on\./);
  });

  test("turning it on and off shows a status and persists; while on, adding a synced passkey is refused", async ({ page, authenticators }) => {
    const key = await authenticators.add({ kind: "security-key", synced: false });
    await signUp(page);
    await page.goto("/account/passkeys");
    const confirmWithKey = async (): Promise<void> => {
      await answerOnlyWith(authenticators, key);
      expect((await confirmWithPasskey(page)).status).toBe(200);
    };

    await policy(page).check();
    await expect(page.getByRole("main").getByRole("status")).toHaveText(TURNED_ON);
    await expect(policy(page)).toBeChecked();
    await page.reload();
    await expect(policy(page)).toBeChecked();

    // Adding a passkey needs a recent passkey check, which only the key may give: the phone
    // answers the ceremony. Confirm with the key first, so the add itself never asks for one.
    const phone = await authenticators.add({ kind: "platform", synced: true });
    await confirmWithKey();
    await answerOnlyWith(authenticators, phone);
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await expect(alertOf(page)).toHaveText(
      "Your account only allows passkeys that stay on one device, and this one would sync to your other devices. Use a security key or a device-bound passkey, or change the setting below.",
    );
    await expect(page.getByRole("main").getByRole("status")).toHaveCount(0);
    await expect(passkeyItems(page)).toHaveCount(1);
    await page.reload();
    await expect(passkeyItems(page)).toHaveCount(1);

    await answerOnlyWith(authenticators, key);
    await policy(page).uncheck();
    await expect(page.getByRole("main").getByRole("status")).toHaveText(TURNED_OFF);
    await expect(policy(page)).not.toBeChecked();
    await page.reload();
    await expect(policy(page)).not.toBeChecked();

    // Control: with the setting off, the same synced authenticator is accepted.
    await confirmWithKey();
    await answerOnlyWith(authenticators, phone);
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await expect(page.getByRole("main").getByRole("status")).toHaveText(/^Added “/);
    await expect(passkeyItems(page)).toHaveCount(2);
  });

  test("while on, a synced passkey is marked not usable and cannot sign in", async ({ page, authenticators }) => {
    const phone = await authenticators.add({ kind: "platform", synced: true });
    const user = await signUp(page);
    const { device: key, name: keyName } = await addPasskeyWithNewAuthenticator(page, authenticators, {
      kind: "security-key",
      synced: false,
    });

    // Past the step-up window (a slow machine gets there), only the passkey from sign-up may
    // confirm the change: the key was added in this session.
    await answerOnlyWith(authenticators, phone);
    await policy(page).check();
    await expect(page.getByRole("main").getByRole("status")).toHaveText(TURNED_ON);
    const phoneItem = page.getByRole("listitem", { name: "Passkey on this device", exact: true });
    const keyItem = page.getByRole("listitem", { name: keyName, exact: true });
    await page.reload();
    await expect(phoneItem).toContainText(NOT_USABLE);
    await expect(keyItem).not.toContainText(NOT_USABLE);

    await page.goto("/account");
    await signOut(page);
    await answerOnlyWith(authenticators, phone);
    phone.clearEvents();
    await signInWithPasskeyButton(page);
    await expect(alertOf(page)).toHaveText(
      "Your account only allows passkeys that stay on one device, and this passkey is synced. Use a device-bound passkey, such as a security key.",
    );
    // The passkey did answer: the refusal is the server's policy, not a failed ceremony.
    await phone.waitForEvent("credentialAsserted");
    await expect(page).toHaveURL("/signin");
    expect(await sessionCookie(page)).toBeUndefined();
    await page.goto("/account");
    await expect(page).toHaveURL("/signin?callbackUrl=%2Faccount");

    // Control: the device-bound passkey still signs in, and the setting is still on.
    await answerOnlyWith(authenticators, key);
    await signInWithEmail(page, user.email);
    await expect(page).toHaveURL("/account");
    await page.goto("/account/passkeys");
    await expect(policy(page)).toBeChecked();
    await expect(phoneItem).toContainText(NOT_USABLE);
  });
});
