import type { Page, Response } from "@playwright/test";
import { expect, openAnotherBrowser, test, uniqueEmail } from "./fixtures";
import { alertOf } from "./pages/common";
import { generateRecoveryCodes } from "./pages/recovery";
import { RECOVERY_CODE_REFUSED, signInWithRecoveryCode } from "./pages/sign-in";
import { signUp } from "./pages/sign-up";

// The windows are 15 minutes (lib/server/security/rate-limit.ts), so the wait is at most that.
// The per-IP limit (10 attempts, whatever the emails) is tested at the API
// (app/api/recovery/recovery-routes.test.ts): the page shows its 429 as it shows this one.
const TOO_MANY = /^Too many attempts\. For your security, please wait (\d+) minutes? and try again\.$/;
const RECOVERY_WINDOW_SECONDS = 15 * 60;

/** On /signin: one recovery-code attempt through the form; resolves with the server's answer. */
async function attempt(page: Page, email: string, code: string): Promise<Response> {
  const answer = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/recovery/sign-in" && response.request().method() === "POST");
  await signInWithRecoveryCode(page, email, code);
  return answer;
}

/** Asserts a 429 with a sensible Retry-After, and the alert that tells the person how long to wait. */
async function expectRateLimited(page: Page, response: Response): Promise<void> {
  expect(response.status()).toBe(429);
  const retryAfter = Number(response.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(RECOVERY_WINDOW_SECONDS);
  await expect(alertOf(page)).toHaveText(TOO_MANY);
  const minutes = Number(TOO_MANY.exec(await alertOf(page).innerText())?.[1]);
  expect(minutes).toBe(Math.ceil(retryAfter / 60));
}

test.describe("recovery-code rate limits", () => {
  test.use({ withoutAutofill: true });

  test("after five attempts for one email, the sixth is refused with 429 and Retry-After, even with a valid code and from another IP", async ({
    page,
    authenticators,
    browser,
  }) => {
    await authenticators.add();
    const user = await signUp(page);
    const [validCode] = await generateRecoveryCodes(page);

    const attacker = await openAnotherBrowser(browser);
    const elsewhere = await openAnotherBrowser(browser);
    try {
      await attacker.page.goto("/signin");
      for (let i = 1; i <= 5; i += 1) {
        const response = await attempt(attacker.page, user.email, `ZZZZ-ZZZZ-ZZZ${i}`);
        expect(response.status(), `attempt ${i}`).toBe(401);
        await expect(alertOf(attacker.page)).toHaveText(RECOVERY_CODE_REFUSED);
      }

      // Counted before the code is checked: a right guess costs an attempt too.
      await expectRateLimited(attacker.page, await attempt(attacker.page, user.email, validCode));
      await expect(attacker.page).toHaveURL("/signin");

      // The limit belongs to the account: another address gets no fresh allowance for it…
      await elsewhere.page.goto("/signin");
      await expectRateLimited(elsewhere.page, await attempt(elsewhere.page, user.email, validCode));

      // …while another email from another address is answered as usual.
      const other = await openAnotherBrowser(browser);
      try {
        await other.page.goto("/signin");
        const response = await attempt(other.page, uniqueEmail("unaffected"), "ZZZZ-ZZZZ-ZZZZ");
        expect(response.status()).toBe(401);
        await expect(alertOf(other.page)).toHaveText(RECOVERY_CODE_REFUSED);
      } finally {
        await other.context.close();
      }
    } finally {
      await attacker.context.close();
      await elsewhere.context.close();
    }

    // Nothing was spent by the refused attempts.
    await page.goto("/account/recovery");
    await expect(page.getByRole("main")).toContainText("10 of 10 recovery codes left.");
  });
});
