import { alertOf, expect, signInWithEmail, signOut, signUp, test, uniqueEmail } from "./fixtures";

test.describe("Edit profile", () => {
  test.use({ withoutAutofill: true });

  test("changes the name and email, tells the passkey provider, and the new email signs in", async ({ page, authenticators }) => {
    const phone = await authenticators.add({ kind: "platform", synced: true });
    const user = await signUp(page, { name: "Ada Lovelace" });
    const [passkey] = await phone.credentials();
    expect(passkey.userDisplayName).toBe("Ada Lovelace");
    const newEmail = uniqueEmail("profile");
    phone.clearEvents();

    await page.getByRole("button", { name: "Edit profile" }).click();
    const nameBox = page.getByRole("textbox", { name: "Name" });
    const emailBox = page.getByRole("textbox", { name: "Email" });
    await expect(nameBox).toHaveValue("Ada Lovelace");
    await expect(emailBox).toHaveValue(user.email);
    await nameBox.fill("Ada King");
    // Stored normalized: one address, one account, whatever the case it was typed in.
    await emailBox.fill(newEmail.toUpperCase());
    await page.getByRole("button", { name: "Save" }).click();

    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ada King");
    await expect(page.getByRole("main")).toContainText(newEmail);
    await expect(nameBox).toBeHidden();
    // signalCurrentUserDetails: the provider now shows the new name and email for this passkey.
    const updated = await phone.waitForEvent("credentialUpdated");
    expect(updated.credentialId).toBe(passkey.credentialId);
    expect(updated.credential).toMatchObject({ userName: newEmail, userDisplayName: "Ada King" });
    expect((await phone.credentials())[0]).toMatchObject({ userName: newEmail, userDisplayName: "Ada King" });

    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ada King");

    await signOut(page);
    await signInWithEmail(page, newEmail);
    await expect(page).toHaveURL("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ada King");
  });

  test("an email another account uses, or an empty name, is refused and nothing changes", async ({ page, authenticators, browser }) => {
    const otherContext = await browser.newContext();
    let taken: string;
    try {
      const otherPage = await otherContext.newPage();
      await authenticators.add({}, otherPage);
      taken = (await signUp(otherPage)).email;
    } finally {
      await otherContext.close();
    }

    const phone = await authenticators.add();
    const user = await signUp(page, { name: "Grace Hopper" });
    phone.clearEvents();
    await page.getByRole("button", { name: "Edit profile" }).click();
    const nameBox = page.getByRole("textbox", { name: "Name" });
    const emailBox = page.getByRole("textbox", { name: "Email" });
    const save = page.getByRole("button", { name: "Save" });

    await emailBox.fill(taken.toUpperCase());
    await save.click();
    await expect(alertOf(page)).toHaveText("Another account already uses this email.");

    await emailBox.fill(user.email);
    await nameBox.fill("   ");
    await save.click();
    await expect(alertOf(page)).toHaveText("Enter your name.");

    await page.getByRole("button", { name: "Cancel" }).click();
    await expect(nameBox).toBeHidden();
    await expect(page.getByRole("button", { name: "Edit profile" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Grace Hopper");
    await expect(page.getByRole("main")).toContainText(user.email);
    expect(phone.events("credentialUpdated")).toEqual([]);
  });
});
