// /operator: the operations dashboard, for the accounts in OPERATOR_EMAILS after a passkey check.
import { expectNoSeriousViolations } from "./axe";
import { expect, test } from "./fixtures";
import { signUp } from "./pages/sign-up";
import { expectReadersClock } from "./reader-time";
import { OPERATOR_EMAIL } from "./server-settings";
import { outwaitStepUpWindow } from "./step-up";

// A reader whose clock is neither UTC nor the server's, so a time on the wrong clock shows.
test.use({ timezoneId: "Asia/Kolkata" });

test("an operator confirms with a passkey and sees Operations; signed out, /operator is an unknown page", async ({ page, authenticators }) => {
  // It outwaits the passkey check's window, then runs axe twice over a long page.
  test.slow();
  const unknown = await page.goto("/no-such-operator-page");
  const unknownText = await page.getByRole("main").innerText();
  const signedOut = await page.goto("/operator");
  expect(signedOut?.status()).toBe(404);
  expect(unknown?.status()).toBe(404);
  expect(await page.getByRole("main").innerText()).toBe(unknownText);
  expect(await page.title()).not.toMatch(/Operations/);

  await authenticators.add();
  const { passkeyCheckedAt } = await signUp(page, { email: OPERATOR_EMAIL, confirm: true });
  await page.getByRole("link", { name: "Operations dashboard" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Operations" })).toBeVisible();
  // A sign-up is a passkey check; once it is older than the window, the page asks for a new one.
  await outwaitStepUpWindow(page, passkeyCheckedAt);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Confirm it's you" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Accounts and passkeys" })).toHaveCount(0);
  await page.getByRole("button", { name: "Confirm with a passkey" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Operations" })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Line chart of accounts and passkeys/ })).toBeVisible();
  // The operator's own passkey, at least, is in the provider table.
  await expect(page.getByRole("table", { name: "Passkeys by provider" }).getByRole("rowheader")).not.toHaveCount(0);
  const hourly = page.getByRole("table", { name: "Passkey sign-ins per hour, last 24 hours" });
  await expect(hourly.getByRole("row")).toHaveCount(25);
  await expectReadersClock(page, hourly.getByRole("rowheader").last().locator("time"), "text");
  await expectNoSeriousViolations(page, "/operator");
});
