import { expect, test } from "./fixtures";
import { confirmEmail } from "./pages/account";
import { checkupCard, checkupFinding, checkupFindings } from "./pages/checkup";
import { addPasskeyWithNewAuthenticator } from "./pages/passkeys";
import { generateRecoveryCodes } from "./pages/recovery";
import { signUp } from "./pages/sign-up";

test.describe("security checkup", () => {
  test.use({ withoutAutofill: true });

  test("lists what a new account lacks with a link to each fix, and says All good once they are done", async ({ page, authenticators }) => {
    await page.goto("/account/checkup");
    await expect(page).toHaveURL("/signin?callbackUrl=%2Faccount%2Fcheckup");

    // Security keys throughout (Chromium allows one built-in authenticator), until the synced passkey at the end.
    await authenticators.add({ kind: "security-key", synced: false });
    const { email } = await signUp(page);
    const main = page.getByRole("main");
    const titles = checkupFindings(page).getByRole("heading", { level: 3 });

    await expect(checkupCard(page)).toContainText("3 things to check");
    await page.getByRole("link", { name: "Security checkup", exact: true }).click();
    await expect(main.getByRole("heading", { level: 1 })).toHaveText("Security checkup");
    await expect(titles).toHaveText(["Only one passkey", "No recovery codes", "Email not confirmed"]);
    await expect(main.getByText("All good")).toHaveCount(0);

    // Each fix is a link to the place it is made.
    await checkupFinding(page, "Only one passkey").getByRole("link", { name: "Add another passkey" }).click();
    await expect(page).toHaveURL("/account/passkeys");
    await addPasskeyWithNewAuthenticator(page, authenticators, { kind: "security-key", synced: false });

    await page.goto("/account/checkup");
    await expect(titles).toHaveText(["No recovery codes", "Email not confirmed"]);
    await checkupFinding(page, "No recovery codes").getByRole("link", { name: "Create recovery codes" }).click();
    await expect(page).toHaveURL("/account/recovery");
    await generateRecoveryCodes(page);

    await page.goto("/account/checkup");
    await checkupFinding(page, "Email not confirmed").getByRole("link", { name: "Confirm your email" }).click();
    await expect(page).toHaveURL("/account#confirm-email-heading");
    await confirmEmail(page, email);
    await expect(checkupCard(page)).toContainText("All good");

    await page.goto("/account/checkup");
    await expect(main.getByRole("heading", { level: 2, name: "All good" })).toBeVisible();
    await expect(checkupFindings(page)).toHaveCount(0);

    // A synced passkey beside the security key: the checkup suggests accepting only device-bound ones.
    await addPasskeyWithNewAuthenticator(page, authenticators, { kind: "platform", synced: true });
    await page.goto("/account");
    await expect(checkupCard(page)).toContainText("1 thing to check");
    await page.goto("/account/checkup");
    await expect(titles).toHaveText(["Synced passkeys are still allowed"]);
    await checkupFindings(page).getByRole("link", { name: "Allow only device-bound passkeys" }).click();
    await expect(page).toHaveURL("/account/passkeys#policy-heading");
    await expect(page.getByRole("checkbox", { name: "Only allow passkeys that stay on one device" })).toBeEnabled();
  });
});
