import { expect, test, uniqueEmail } from "./fixtures";
import { confirmationSection, confirmEmail, signOut } from "./pages/account";
import { alertOf } from "./pages/common";
import { signInWithEmail } from "./pages/sign-in";
import { signUp } from "./pages/sign-up";

test.describe("Edit profile", () => {
  test.use({ withoutAutofill: true });
  test.setTimeout(90_000);

  test("changes the name at once and the email once its code is entered; the provider hears both, and the new email signs in", async ({
    page,
    authenticators,
  }) => {
    const phone = await authenticators.add({ kind: "platform", synced: true });
    const user = await signUp(page, { name: "Ada Lovelace", confirm: true });
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
    await expect(nameBox).toBeHidden();
    await expect(page.getByRole("region", { name: "Confirm your new email", exact: true })).toContainText(newEmail);
    // Until the code is entered the account keeps its email, for sign-in and for notices.
    await expect(page.getByRole("main").locator("dt:text-is('Email') + dd")).toHaveText(user.email);
    const renamed = await phone.waitForEvent("credentialUpdated");
    expect(renamed.credential).toMatchObject({ userName: user.email, userDisplayName: "Ada King" });

    await confirmEmail(page, newEmail);
    await expect(page.getByRole("main").locator("dt:text-is('Email') + dd")).toHaveText(newEmail);
    // signalCurrentUserDetails: the provider now shows the new email for this passkey.
    await expect.poll(async () => (await phone.credentials())[0]).toMatchObject({ userName: newEmail, userDisplayName: "Ada King" });

    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ada King");

    await signOut(page);
    await signInWithEmail(page, newEmail);
    await expect(page).toHaveURL("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ada King");
  });

  test("an email another account uses gets the same answer as any other, and its owner no code; an empty name is refused", async ({
    page,
    mailbox,
    authenticators,
    browser,
  }) => {
    const otherContext = await browser.newContext();
    let taken: string;
    try {
      const otherPage = await otherContext.newPage();
      await authenticators.add({}, otherPage);
      taken = (await signUp(otherPage, { confirm: true })).email;
    } finally {
      await otherContext.close();
    }

    const phone = await authenticators.add();
    const user = await signUp(page, { name: "Grace Hopper", confirm: true });
    phone.clearEvents();
    await page.getByRole("button", { name: "Edit profile" }).click();
    const nameBox = page.getByRole("textbox", { name: "Name" });
    const emailBox = page.getByRole("textbox", { name: "Email" });
    const save = page.getByRole("button", { name: "Save" });

    await nameBox.fill("   ");
    await save.click();
    await expect(alertOf(page)).toHaveText("Enter your name.");

    await nameBox.fill("Grace Hopper");
    await emailBox.fill(taken.toUpperCase());
    await save.click();
    await expect(confirmationSection(page)).toContainText(taken);
    await expect(page.getByRole("main").locator("dt:text-is('Email') + dd")).toHaveText(user.email);
    const notice = await mailbox.expectEmail(taken, "Someone tried to use your email address");
    expect(notice.text).not.toContain("Confirmation code");

    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Grace Hopper");
    await expect(page.getByRole("main").locator("dt:text-is('Email') + dd")).toHaveText(user.email);
  });
});
