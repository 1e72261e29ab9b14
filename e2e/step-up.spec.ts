import { expect, test } from "./fixtures";
import { alertOf } from "./pages/common";
import { signUp } from "./pages/sign-up";
import { outwaitStepUpWindow } from "./step-up";

// A test outwaits the server's step-up window and watches the portal ask for a passkey before
// a sensitive change.

test.describe("step-up before sensitive changes", () => {
  test.setTimeout(90_000);

  test("an old verification asks for a passkey first; a failed check changes nothing", async ({ page, authenticators }) => {
    const device = await authenticators.add({ kind: "platform", synced: false });
    const { passkeyCheckedAt } = await signUp(page);
    await page.goto("/account/passkeys");
    const policy = page.getByRole("checkbox", { name: "Only allow passkeys that stay on one device" });
    await expect(policy).toBeEnabled();
    await outwaitStepUpWindow(page, passkeyCheckedAt);

    device.clearEvents();
    await device.setUserVerified(false);
    await policy.click();
    await expect(alertOf(page)).toBeVisible();
    await expect(policy).not.toBeChecked();
    await page.reload();
    await expect(policy).not.toBeChecked();

    await device.setUserVerified(true);
    device.clearEvents();
    await policy.click();
    await expect(page.getByRole("status")).toHaveText("Only passkeys that stay on one device can be used now.");
    await expect(policy).toBeChecked();
    await device.waitForEvent("credentialAsserted");

    // Within the window again: the change goes through without another passkey prompt. Straight
    // away, with no page load in between, so that even a slow machine stays inside the window
    // (passkey-policy.spec checks that the setting persists).
    device.clearEvents();
    await policy.click();
    await expect(page.getByRole("status")).toHaveText("Synced passkeys can be used again.");
    expect(device.events("credentialAsserted")).toHaveLength(0);
    await page.reload();
    await expect(policy).not.toBeChecked();
  });
});
