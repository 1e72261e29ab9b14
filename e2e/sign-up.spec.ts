import { expect, test, uniqueEmail } from "./fixtures";
import { alertOf } from "./pages/common";
import { signUp } from "./pages/sign-up";

test.describe("sign up", () => {
  test("creates the account and its passkey, then shows the account page", async ({ page, authenticators }) => {
    const phone = await authenticators.add({ kind: "platform" });
    const email = uniqueEmail("signup");

    await page.goto("/signup");
    await page.getByRole("textbox", { name: "Email" }).fill(email);
    await page.getByRole("textbox", { name: "Name" }).fill("Ada Lovelace");
    await page.getByRole("button", { name: "Create passkey" }).click();

    await expect(page).toHaveURL("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ada Lovelace");
    await expect(page.getByRole("main")).toContainText(email);
    await expect(page.getByRole("main")).toContainText("1 saved");
    await expect(page.getByRole("region", { name: "Confirm your email", exact: true })).toContainText(email);

    const added = await phone.waitForEvent("credentialAdded");
    const [credential] = await phone.credentials();
    expect(credential).toMatchObject({ credentialId: added.credentialId, isResidentCredential: true, rpId: "localhost" });
    expect(credential.userName).toBe(email);
    expect(credential.userDisplayName).toBe("Ada Lovelace");
  });

  test("refuses an invalid email without creating a passkey", async ({ page, authenticators }) => {
    const phone = await authenticators.add();
    await page.goto("/signup");
    await page.getByRole("textbox", { name: "Email" }).fill("not-an-email");
    await page.getByRole("textbox", { name: "Name" }).fill("Invalid Email");
    await page.getByRole("button", { name: "Create passkey" }).click();

    await expect(alertOf(page)).toHaveText("Enter a valid email address, like name@example.com.");
    await expect(page).toHaveURL("/signup");
    expect(await phone.credentials()).toEqual([]);
  });

  for (const [label, name] of [
    ["an empty name", ""],
    ["a name of only spaces", "   "],
  ] as const) {
    test(`refuses ${label} without creating a passkey`, async ({ page, authenticators }) => {
      const phone = await authenticators.add();
      await page.goto("/signup");
      await page.getByRole("textbox", { name: "Email" }).fill(uniqueEmail("noname"));
      await page.getByRole("textbox", { name: "Name" }).fill(name);
      await page.getByRole("button", { name: "Create passkey" }).click();

      await expect(alertOf(page)).toHaveText("Enter your name.");
      await expect(page).toHaveURL("/signup");
      expect(await phone.credentials()).toEqual([]);
    });
  }

  // The old answer, "An account with this email already exists", told a stranger which emails
  // have accounts. Now sign-up goes the same way for every address, and only its owner can confirm it.
  for (const [label, variant] of [
    ["the same email", (email: string) => email],
    ["the same email in capitals", (email: string) => email.toUpperCase()],
  ] as const) {
    test(`signs up with ${label} as any other, leaving the existing account untouched`, async ({ page, mailbox, authenticators, browser }) => {
      const first = await authenticators.add();
      const owner = await signUp(page, { name: "First Owner", confirm: true });

      const otherContext = await browser.newContext();
      try {
        const otherPage = await otherContext.newPage();
        const second = await authenticators.add({}, otherPage);
        await otherPage.goto("/signup");
        await otherPage.getByRole("textbox", { name: "Email" }).fill(variant(owner.email));
        await otherPage.getByRole("textbox", { name: "Name" }).fill("Impostor");
        await otherPage.getByRole("button", { name: "Create passkey" }).click();

        await expect(otherPage).toHaveURL("/account");
        await expect(otherPage.getByRole("region", { name: "Confirm your email", exact: true })).toContainText(owner.email);
        expect(await second.credentials()).toHaveLength(1);
      } finally {
        await otherContext.close();
      }

      // The existing account is untouched: same name, still one passkey, still confirmed.
      await page.reload();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("First Owner");
      await expect(page.getByRole("main")).toContainText("1 saved");
      await expect(page.getByRole("region", { name: /^Confirm your/ })).toHaveCount(0);
      expect(await first.credentials()).toHaveLength(1);
      const notice = await mailbox.expectEmail(owner.email, "Someone tried to use your email address");
      expect(notice.text).not.toContain("Confirmation code");
    });
  }

  test("a failed user verification creates nothing, and a retry succeeds", async ({ page, authenticators }) => {
    const phone = await authenticators.add({ userVerification: "fails" });
    const email = uniqueEmail("uvfail");
    await page.goto("/signup");
    await page.getByRole("textbox", { name: "Email" }).fill(email);
    await page.getByRole("textbox", { name: "Name" }).fill("Unverified");
    await page.getByRole("button", { name: "Create passkey" }).click();

    await expect(alertOf(page)).toContainText("The passkey wasn't created");
    await expect(page).toHaveURL("/signup");
    expect(await phone.credentials()).toEqual([]);
    expect(phone.events("credentialAdded")).toEqual([]);

    // The failed attempt must not have reserved the email.
    await phone.setUserVerified(true);
    await page.getByRole("button", { name: "Create passkey" }).click();
    await expect(page).toHaveURL("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Unverified");
    expect(await phone.credentials()).toHaveLength(1);
  });
});
