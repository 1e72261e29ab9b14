import { readFile } from "node:fs/promises";
import { expect, LINUX_CHROME_USER_AGENT, openAnotherBrowser, test, uniqueEmail } from "./fixtures";
import { alertOf } from "./pages/common";
import { addPasskeyWithNewAuthenticator } from "./pages/passkeys";
import { generateRecoveryCodes } from "./pages/recovery";
import { RECOVERY_CODE_REFUSED, signInWithRecoveryCode } from "./pages/sign-in";
import { signUp } from "./pages/sign-up";

// The same answer whichever part was wrong, so a guess reveals nothing (lib/server/recovery/recovery-codes.ts).
// Three groups of four characters; never the same code twice in a set.
const CODE_FORMAT = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
const AFTER_RECOVERY = "/account/passkeys?recovered=1";

// Well-formed, and almost certainly nobody's: a real code has 60 random bits.
const RECOVERY_CODE_REFUSED_TYPED = "ZZZZ-ZZZZ-ZZZZ";

test.use({ userAgent: LINUX_CHROME_USER_AGENT });

test.describe("recovery codes", () => {
  test("the account page nudges until codes exist, then links to them without the nudge", async ({ page, authenticators }) => {
    await authenticators.add();
    await signUp(page);
    const main = page.getByRole("main");
    const nudge = main.getByRole("region", { name: "Set up recovery codes" });
    await expect(nudge).toBeVisible();
    for (const name of ["Passkeys", "Recovery codes", "Signed-in devices", "Recent activity"]) {
      await expect(main.getByRole("link", { name, exact: true })).toBeVisible();
    }

    await main.getByRole("link", { name: "Recovery codes", exact: true }).click();
    await expect(page).toHaveURL("/account/recovery");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Recovery codes");
    await expect(main).toContainText("You have no recovery codes yet.");
    await generateRecoveryCodes(page);

    await page.goto("/account");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(nudge).toHaveCount(0);
    await expect(main.getByRole("heading", { name: "You've used all your recovery codes" })).toHaveCount(0);
    await expect(main.getByRole("navigation", { name: "Account settings" })).toContainText("10 of 10 left.");
  });

  test("generating shows ten single-use codes once, with copy and download", async ({ page, context, authenticators }) => {
    await authenticators.add();
    const user = await signUp(page);
    const codes = await generateRecoveryCodes(page);

    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(CODE_FORMAT);
    expect(new Set(codes).size).toBe(10);
    await expect(page.getByRole("main").getByRole("status")).toContainText("Any earlier recovery codes no longer work.");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download codes" }).click()]);
    expect(download.suggestedFilename()).toBe("recovery-codes.txt");
    const file = await readFile(await download.path(), "utf8");
    expect(file).toContain(user.email);
    expect(file.match(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/g)).toEqual(codes);

    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByRole("button", { name: "Copy codes" }).click();
    await expect(page.getByRole("main").getByRole("status").filter({ hasText: "Codes copied to the clipboard." })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(file);

    // Shown once: a reload shows how many are left, never the codes themselves.
    await page.reload();
    await expect(page.getByRole("main")).toContainText("10 of 10 recovery codes left.");
    await expect(page.getByRole("list", { name: "New recovery codes" })).toHaveCount(0);
    for (const code of codes) await expect(page.getByRole("main")).not.toContainText(code);
  });

  test("a code signs in once without a passkey and asks for a passkey on that device; wrong or spent codes get one answer", async ({
    page,
    authenticators,
    browser,
  }) => {
    await authenticators.add();
    const user = await signUp(page);
    const codes = await generateRecoveryCodes(page);

    const laptop = await openAnotherBrowser(browser);
    try {
      await laptop.page.goto("/signin");
      await laptop.page.getByRole("button", { name: "Other ways to sign in" }).click();
      await expect(laptop.page.getByRole("button", { name: "Face, fingerprint, PIN, or security key" })).toBeVisible();
      await laptop.page.getByRole("button", { name: "Use a recovery code" }).click();
      await expect(laptop.page.getByRole("textbox", { name: "Email" })).toBeVisible();
      await expect(laptop.page.getByRole("button", { name: "Use a passkey instead" })).toBeVisible();

      await signInWithRecoveryCode(laptop.page, user.email, codes[3]);
      await expect(laptop.page).toHaveURL(AFTER_RECOVERY);
      const prompt = laptop.page.getByRole("region", { name: "Add a passkey on this device" });
      await expect(prompt).toBeVisible();
      await expect(prompt).toContainText("You have 9 recovery codes left.");

      // Following the prompt: a passkey for this device, after which the prompt has done its job.
      const { name } = await addPasskeyWithNewAuthenticator(laptop.page, authenticators, { kind: "platform", synced: false });
      expect(name).toBe("Passkey on this device");
      await expect(prompt).toHaveCount(0);

      await laptop.page.goto("/account");
      await laptop.page.getByRole("button", { name: "Sign out" }).click();
      await laptop.page.waitForURL((url) => url.pathname === "/signin");

      // Spent, wrong, and a real unused code with the wrong email: the same alert each time.
      for (const [email, code] of [
        [user.email, codes[3]],
        [user.email, RECOVERY_CODE_REFUSED_TYPED],
        [uniqueEmail("nobody"), codes[4]],
      ]) {
        await laptop.page.goto("/signin");
        await signInWithRecoveryCode(laptop.page, email, code);
        await expect(alertOf(laptop.page)).toHaveText(RECOVERY_CODE_REFUSED);
        await expect(laptop.page).toHaveURL("/signin");
      }
    } finally {
      await laptop.context.close();
    }

    // The account owner sees one code spent.
    await page.goto("/account/recovery");
    await expect(page.getByRole("main")).toContainText("9 of 10 recovery codes left.");
  });

  test("generating new codes makes every earlier code stop working", async ({ page, authenticators, browser }) => {
    await authenticators.add();
    const user = await signUp(page);
    const first = await generateRecoveryCodes(page);
    await page.reload();
    const second = await generateRecoveryCodes(page);
    expect(second.filter((code) => first.includes(code))).toEqual([]);

    const laptop = await openAnotherBrowser(browser);
    try {
      await laptop.page.goto("/signin");
      await signInWithRecoveryCode(laptop.page, user.email, first[0]);
      await expect(alertOf(laptop.page)).toHaveText(RECOVERY_CODE_REFUSED);

      // Control: a code of the new set works.
      await signInWithRecoveryCode(laptop.page, user.email, second[0]);
      await expect(laptop.page).toHaveURL(AFTER_RECOVERY);
    } finally {
      await laptop.context.close();
    }
  });
});
