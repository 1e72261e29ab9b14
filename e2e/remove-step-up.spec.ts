import { answerOnlyWith, expect, test } from "./fixtures";
import { addPasskeyWithNewAuthenticator } from "./pages/passkeys";
import { signUp } from "./pages/sign-up";
import { outwaitStepUpWindow } from "./step-up";

// Outwaiting the server's step-up window makes the portal ask for a passkey before removing one.
const NAME = "Passkey on this device";

test.describe("step-up before removing a passkey", () => {
  test.setTimeout(90_000);
  test.use({ withoutAutofill: true });

  test("an old verification asks for a passkey first; a failed check removes nothing", async ({ page, authenticators }) => {
    const key = await authenticators.add({ kind: "security-key", synced: false });
    await signUp(page);
    const { device: phone } = await addPasskeyWithNewAuthenticator(page, authenticators, { kind: "platform", synced: true });
    // Adding may itself have asked for a passkey check on a slow machine: count from after it.
    const passkeyCheckedAt = Date.now();
    const items = page.getByRole("main").getByRole("list").getByRole("listitem");
    const item = items.filter({ has: page.getByRole("heading", { level: 3, name: NAME, exact: true }) });
    const dialog = page.getByRole("dialog", { name: `Remove “${NAME}”?` });
    await outwaitStepUpWindow(page, passkeyCheckedAt);
    // The phone's passkey was added in this session, so it cannot vouch for it: the key, which the
    // account had before this sign-in, must confirm.
    await answerOnlyWith(authenticators, key);

    await key.setUserVerified(false);
    await item.getByRole("button", { name: "Remove" }).click();
    await dialog.getByRole("button", { name: "Remove" }).click();
    await expect(item.getByRole("alert")).toHaveText(
      "Nothing was changed: the passkey check was cancelled, timed out, or your device couldn't verify you. Try again.",
    );
    await expect(items).toHaveCount(2);
    await page.reload();
    await expect(items).toHaveCount(2);
    expect(await phone.credentials()).toHaveLength(1);

    await key.setUserVerified(true);
    key.clearEvents();
    phone.clearEvents();
    await item.getByRole("button", { name: "Remove" }).click();
    await dialog.getByRole("button", { name: "Remove" }).click();
    await expect(items).toHaveCount(1);
    // The passkey check happened on the key (an assertion), then the removal's signal deleted the phone's passkey.
    await key.waitForEvent("credentialAsserted");
    expect(phone.events("credentialAsserted")).toEqual([]);
    await phone.waitForEvent("credentialDeleted");
    expect(await phone.credentials()).toEqual([]);
  });
});
