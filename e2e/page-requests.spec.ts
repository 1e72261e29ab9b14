// Checks of the test kit itself: requestFromPage must survive a session whose passkey check is
// older than the step-up window, which only a slow machine produces in the other specs.
import { expect, test } from "./fixtures";
import { signUp } from "./pages/sign-up";
import { requestFromPage } from "./step-up";

test.describe("requestFromPage", () => {
  test("answers step_up_required with a passkey check and retries once", async ({ page, authenticators }) => {
    const device = await authenticators.add({ synced: false });
    await signUp(page);
    // The server's own refusal needs a session older than the window: stand in for it once.
    let refused = 0;
    await page.route("**/api/account/policy", async (route) => {
      if (refused > 0) return route.continue();
      refused += 1;
      await route.fulfill({ status: 403, json: { error: "For your security, confirm it's you with one of your passkeys first.", code: "step_up_required" } });
    });
    const stepUp = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/session/step-up/verify");
    device.clearEvents();

    const answer = await requestFromPage(page, "PUT", "/api/account/policy", { deviceBoundOnly: true });

    expect(answer).toMatchObject({ status: 200, json: { deviceBoundOnly: true } });
    expect((await stepUp).status()).toBe(200);
    expect(device.events("credentialAsserted")).toHaveLength(1);
    expect(refused).toBe(1);
  });

  test("passes any other answer through untouched", async ({ page, authenticators }) => {
    const device = await authenticators.add({ synced: true });
    await signUp(page);
    device.clearEvents();

    const answer = await requestFromPage(page, "PUT", "/api/account/policy", { deviceBoundOnly: "yes" });

    expect(answer.status).toBe(400);
    expect(device.events("credentialAsserted")).toEqual([]);
  });
});
