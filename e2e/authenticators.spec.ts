import { expect, test, type AuthenticatorOptions } from "./fixtures";
import { signOut } from "./pages/account";
import { signUp } from "./pages/sign-up";

// Signing out must leave the page signed out until a button is pressed.
test.use({ withoutAutofill: true });

const kinds: { label: string; options: AuthenticatorOptions; synced: boolean }[] = [
  { label: "a synced platform passkey", options: { kind: "platform", synced: true }, synced: true },
  { label: "a device-bound platform passkey", options: { kind: "platform", synced: false }, synced: false },
  { label: "a security key", options: { kind: "security-key" }, synced: false },
];

for (const { label, options, synced } of kinds) {
  test(`${label} signs up and signs in`, async ({ page, authenticators }) => {
    const authenticator = await authenticators.add(options);
    const user = await signUp(page);

    const [created] = await authenticator.credentials();
    expect(await authenticator.credentials()).toHaveLength(1);
    expect(created.isResidentCredential).toBe(true);
    expect(created.backupEligibility).toBe(synced);
    expect(created.backupState).toBe(synced);
    // The server stored the backup state it verified.
    await expect(page.getByRole("main")).toContainText(`1 saved · ${synced ? 1 : 0} synced`);

    await signOut(page);
    authenticator.clearEvents();
    await page.getByRole("button", { name: "Other ways to sign in" }).click();
    await page.getByRole("button", { name: "Face, fingerprint, PIN, or security key" }).click();

    await expect(page).toHaveURL("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
    const asserted = await authenticator.waitForEvent("credentialAsserted");
    expect(asserted.credentialId).toBe(created.credentialId);
    const [used] = await authenticator.credentials();
    expect(used.signCount).toBeGreaterThan(created.signCount);
  });
}

test("a security key signs in by email (allowCredentials names it)", async ({ page, authenticators }) => {
  const key = await authenticators.add({ kind: "security-key" });
  const user = await signUp(page);
  await signOut(page);
  key.clearEvents();

  await page.getByRole("textbox", { name: "Email" }).fill(user.email);
  await page.getByRole("button", { name: "Next" }).click();

  await expect(page).toHaveURL("/account");
  await key.waitForEvent("credentialAsserted");
});
