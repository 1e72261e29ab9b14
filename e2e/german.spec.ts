// The main flows in German: a browser whose language is German (Accept-Language: de-DE) gets the
// portal in German, and the footer's "Language" select switches it, remembered in a cookie. The
// same flows in English are the other specs.
import { answerOnlyWith, expect, test, uniqueEmail, type Authenticators, type VirtualAuthenticator } from "./fixtures";
import { confirmWithPasskeyOrThrow } from "./step-up";
import type { Page } from "@playwright/test";

test.use({ locale: "de-DE", withoutAutofill: true });

/** Creates an account through the German /signup form and waits for the German account page. */
async function signUpInGerman(page: Page): Promise<{ email: string; name: string }> {
  const user = { email: uniqueEmail("german"), name: "Erika Mustermann" };
  await page.goto("/signup");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.getByRole("heading", { level: 1, name: "Konto erstellen" })).toBeVisible();
  await page.getByRole("textbox", { name: "E-Mail-Adresse" }).fill(user.email);
  await page.getByRole("textbox", { name: "Name" }).fill(user.name);
  await page.getByRole("button", { name: "Passkey erstellen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: user.name, exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(page).toHaveURL("/account");
  await expect(page.getByText("Willkommen zurück")).toBeVisible();
  return user;
}

async function signOutInGerman(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Abmelden", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/signin");
  await expect(page.getByRole("heading", { level: 1, name: "Anmelden" })).toBeVisible();
}

/** Adds a passkey from a new authenticator through "Passkey hinzufügen" and returns its listed name. */
async function addPasskeyInGerman(page: Page, authenticators: Authenticators, confirmer: VirtualAuthenticator): Promise<string> {
  // A fresh passkey check first (with the passkey from sign-up), so a slow machine can't outlast the step-up window.
  await answerOnlyWith(authenticators, confirmer);
  await confirmWithPasskeyOrThrow(page, "Die Passkey-Prüfung");
  const phone = await authenticators.add({ kind: "platform", synced: true }, page);
  await answerOnlyWith(authenticators, phone);
  await page.getByRole("button", { name: "Passkey hinzufügen" }).click();
  const status = page.getByRole("main").getByRole("status");
  await expect(status).toHaveText(/^„.+“ wurde hinzugefügt\. Sie können ihn unten umbenennen\.$/, { timeout: 15_000 });
  return /^„(.+)“/.exec(await status.innerText())![1]!;
}

test("sign up, sign out, and sign in by email and with any passkey, all in German", async ({ page, authenticators }) => {
  const phone = await authenticators.add();
  const user = await signUpInGerman(page);
  await expect(page.getByRole("link", { name: "Sicherheitscheck" })).toBeVisible();

  await signOutInGerman(page);
  await page.getByRole("textbox", { name: "E-Mail-Adresse" }).fill(user.email);
  await page.getByRole("button", { name: "Weiter" }).click();
  await expect(page.getByRole("heading", { level: 1, name: user.name, exact: true })).toBeVisible();
  await phone.waitForEvent("credentialAsserted");

  await signOutInGerman(page);
  phone.clearEvents();
  const otherWays = page.getByRole("button", { name: "Andere Anmeldemöglichkeiten" });
  await expect(otherWays).toHaveAttribute("aria-expanded", "false");
  await otherWays.click();
  await page.getByRole("button", { name: "Gesichtserkennung, Fingerabdruck, PIN oder Sicherheitsschlüssel" }).click();
  await expect(page).toHaveURL("/account");
  await expect(page.getByRole("heading", { level: 1, name: user.name, exact: true })).toBeVisible();
  await phone.waitForEvent("credentialAsserted");
});

test("add, rename and remove a passkey in German", async ({ page, authenticators }) => {
  const key = await authenticators.add({ kind: "security-key", synced: false });
  await signUpInGerman(page);
  await page.goto("/account/passkeys");
  await expect(page.getByRole("heading", { level: 1, name: "Passkeys" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Ihre Passkeys (1)" })).toBeVisible();
  // Relative times in German too.
  await expect(page.getByRole("main").getByText("gerade eben").first()).toBeVisible();

  const added = await addPasskeyInGerman(page, authenticators, key);
  const list = page.getByRole("region", { name: /^Ihre Passkeys/ }).getByRole("list");
  await expect(list.getByRole("listitem")).toHaveCount(2);

  const item = list.getByRole("listitem").filter({ has: page.getByRole("heading", { name: added, exact: true }) });
  await item.getByRole("button", { name: "Umbenennen" }).click();
  await item.getByRole("textbox", { name: "Name des Passkeys" }).fill("Arbeitslaptop");
  await item.getByRole("button", { name: "Speichern" }).click();
  const renamed = list.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Arbeitslaptop", exact: true }) });
  await expect(renamed).toBeVisible();

  // Only the key from sign-up may confirm the removal: the phone was added in this session.
  await answerOnlyWith(authenticators, key);
  await renamed.getByRole("button", { name: "Entfernen" }).click();
  const dialog = page.getByRole("dialog", { name: "„Arbeitslaptop“ entfernen?" });
  await expect(dialog.getByRole("button", { name: "Abbrechen" })).toBeVisible();
  await dialog.getByRole("button", { name: "Entfernen" }).click();
  await expect(renamed).toHaveCount(0);
  await expect(list.getByRole("listitem")).toHaveCount(1);
});

test("the footer's Language select switches to English and back, remembered across pages and loads", async ({ page, context }) => {
  await page.goto("/signin");
  await expect(page.getByRole("heading", { level: 1, name: "Anmelden" })).toBeVisible();
  // "Sprache (Language)": someone who reads no German still finds it.
  const language = page.getByRole("combobox", { name: "Language" });
  await expect(language).toHaveValue("de");
  await expect(language.locator("option[value=en]")).toHaveAttribute("lang", "en");
  await expect(language.locator("option[value=de]")).toHaveAttribute("lang", "de");

  await language.selectOption({ label: "English" });
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("combobox", { name: "Language", exact: true })).toHaveValue("en");
  expect((await context.cookies()).find((cookie) => cookie.name === "portal-locale")?.value).toBe("en");

  // The choice outlasts the browser's German Accept-Language: on the next page, and in a new tab.
  await page.getByRole("link", { name: "Create one!" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Create your account" })).toBeVisible();
  const another = await context.newPage();
  await another.goto("/signin");
  await expect(another.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await another.close();

  await page.getByRole("combobox", { name: "Language" }).selectOption({ label: "Deutsch" });
  await expect(page.getByRole("heading", { level: 1, name: "Konto erstellen" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Konto erstellen" })).toBeVisible();
});
