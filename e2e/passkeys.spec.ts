import type { Locator, Page } from "@playwright/test";
import { answerOnlyWith, expect, LINUX_CHROME_USER_AGENT, test } from "./fixtures";
import { signOut } from "./pages/account";
import { alertOf } from "./pages/common";
import { addPasskeyWithNewAuthenticator } from "./pages/passkeys";
import { signInWithEmail, signInWithPasskeyButton } from "./pages/sign-in";
import { signUp } from "./pages/sign-up";
import { LOCALE_COOKIE } from "../lib/shared/locale";
import { expectReadersClock } from "./reader-time";
import { sessionCookie } from "./session-cookie";
import { requestFromPage } from "./step-up";

// Names the portal gives new passkeys (lib/server/passkeys/aaguid.ts): Chromium's virtual authenticators have an
// AAGUID no provider publishes, so the name and provider come from the transport.
const PLATFORM_NAME = "Passkey on this device";
const SECURITY_KEY_NAME = "Security key";
const SYNCED_NOTE = "Synced: copied to your other devices by its provider.";
const DEVICE_ONLY_NOTE = "This device only: it can't be copied, so it works only where it was created.";
// How the provider syncs it (lib/server/passkeys/providers.ts): without a known provider, no more than the flags say.
const UNKNOWN_PROVIDER_SYNC =
  "The portal can't tell how this passkey's provider syncs it, or how it protects the copies: the passkey doesn't say which provider made it.";
const DEVICE_BOUND_SYNC = "It doesn't sync: its provider reports that it stays on the device that created it.";

function passkeyList(page: Page): Locator {
  return page.getByRole("main").getByRole("list");
}

function passkeyItem(page: Page, name: string): Locator {
  return passkeyList(page).getByRole("listitem", { name, exact: true });
}

/** The value (`<dd>`) of one of an item's labelled details ("Created", "Last used", "Syncing"). */
function detail(item: Locator, label: "Created" | "Last used" | "Syncing"): Locator {
  return item.locator(`dt:text-is("${label}") + dd`);
}

/** The item shows `src` as its provider icon (decorative: the name is beside it), served by the portal itself. */
async function expectProviderIcon(item: Locator, src: string): Promise<void> {
  const icon = item.locator("picture img");
  await expect(icon).toHaveAttribute("src", src);
  await expect(icon).toHaveAttribute("alt", "");
  await expect.poll(() => icon.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const response = await item.page().request.get(src);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("image/svg+xml");
}

/** The passkey's database ID, as the page exposes it (the item's heading is `passkey-<id>`). */
async function passkeyIdOf(item: Locator): Promise<string> {
  const headingId = await item.getByRole("heading", { level: 3 }).getAttribute("id");
  const id = headingId?.replace(/^passkey-/, "");
  if (!id) throw new Error("The passkey item's heading has no id");
  return id;
}

test.describe("passkey list", () => {
  test.use({ withoutAutofill: true });

  test("/account links to it by the exact name Passkeys", async ({ page, authenticators }) => {
    await authenticators.add();
    await signUp(page);
    await page.getByRole("link", { name: "Passkeys", exact: true }).click();
    await expect(page).toHaveURL("/account/passkeys");
    await expect(page.getByRole("heading", { level: 1, name: "Passkeys", exact: true })).toBeVisible();
  });

  test("shows each passkey's provider and whether it is synced or stays on its device, newest first", async ({ page, authenticators }) => {
    await authenticators.add({ kind: "platform", synced: true });
    await signUp(page);
    await addPasskeyWithNewAuthenticator(page, authenticators, { kind: "security-key", synced: false });
    await page.reload();

    const items = passkeyList(page).getByRole("listitem");
    await expect(items).toHaveCount(2);
    await expect(items.nth(0).getByRole("heading", { level: 3 })).toHaveText(SECURITY_KEY_NAME);
    await expect(items.nth(1).getByRole("heading", { level: 3 })).toHaveText(PLATFORM_NAME);

    const phone = passkeyItem(page, PLATFORM_NAME);
    await expect(phone).toContainText("This device's built-in authenticator");
    await expect(phone.getByText("Synced", { exact: true })).toBeVisible();
    await expect(phone).toContainText(SYNCED_NOTE);
    await expect(phone).not.toContainText("This device only");

    const key = passkeyItem(page, SECURITY_KEY_NAME);
    await expect(key).toContainText("A security key");
    await expect(key.getByText("This device only", { exact: true })).toBeVisible();
    await expect(key).toContainText(DEVICE_ONLY_NOTE);
    await expect(key).not.toContainText("Synced");

    // Virtual authenticators have an AAGUID no provider publishes: the drawn icon for how each
    // connects, and a sync note that says no more than the backup flags.
    await expectProviderIcon(phone, "/providers/device-light.svg");
    await expectProviderIcon(key, "/providers/security-key-light.svg");
    await expect(detail(phone, "Syncing")).toHaveText(UNKNOWN_PROVIDER_SYNC);
    await expect(detail(key, "Syncing")).toHaveText(DEVICE_BOUND_SYNC);
    await expect(phone.getByRole("link")).toHaveCount(0);

    for (const item of [phone, key]) {
      const created = detail(item, "Created").locator("time");
      await expect(created).toHaveText("just now");
      await expect(created).toHaveAttribute("title", /\d/);
      const createdAt = Date.parse((await created.getAttribute("datetime")) ?? "");
      expect(Math.abs(Date.now() - createdAt)).toBeLessThan(5 * 60_000);
      await expect(detail(item, "Last used")).toHaveText("Not used to sign in yet");
    }
  });
});

test.describe("adding a passkey", () => {
  test.use({ withoutAutofill: true });

  test("Add a passkey registers a new authenticator and lists it first", async ({ page, authenticators }) => {
    const phone = await authenticators.add({ kind: "platform", synced: true });
    await signUp(page);
    await page.getByRole("link", { name: "Passkeys", exact: true }).click();
    await expect(passkeyList(page).getByRole("listitem")).toHaveCount(1);

    const key = await authenticators.add({ kind: "security-key", synced: false });
    await answerOnlyWith(authenticators, key);
    await page.getByRole("button", { name: "Add a passkey" }).click();

    await expect(page.getByRole("main").getByRole("status")).toHaveText(`Added “${SECURITY_KEY_NAME}”. You can rename it below.`);
    await expect(alertOf(page)).toHaveCount(0);
    const items = passkeyList(page).getByRole("listitem");
    await expect(items).toHaveCount(2);
    await expect(items.first()).toHaveAccessibleName(SECURITY_KEY_NAME);
    await expect(passkeyItem(page, SECURITY_KEY_NAME)).toContainText("This device only");
    const added = await key.waitForEvent("credentialAdded");
    expect(await key.credentials()).toHaveLength(1);
    expect(added.credential?.backupEligibility).toBe(false);
    expect(await phone.credentials()).toHaveLength(1);

    await page.reload();
    await expect(passkeyList(page).getByRole("listitem")).toHaveCount(2);
  });

  test("an authenticator that already holds one of the account's passkeys is refused", async ({ page, authenticators }) => {
    const phone = await authenticators.add({ kind: "platform", synced: true });
    await signUp(page);
    await page.goto("/account/passkeys");
    phone.clearEvents();

    await page.getByRole("button", { name: "Add a passkey" }).click();

    await expect(alertOf(page)).toHaveText(
      "This device already holds a passkey for this account. Use it to sign in, or choose another device.",
    );
    await expect(page.getByRole("main").getByRole("status")).toHaveCount(0);
    await expect(passkeyList(page).getByRole("listitem")).toHaveCount(1);
    expect(phone.events("credentialAdded")).toEqual([]);
    expect(await phone.credentials()).toHaveLength(1);
    await page.reload();
    await expect(passkeyList(page).getByRole("listitem")).toHaveCount(1);
  });
});

test.describe("renaming a passkey", () => {
  test.use({ withoutAutofill: true });

  test("a new name is trimmed, shown and kept across reloads; Cancel keeps the old one", async ({ page, authenticators }) => {
    await authenticators.add();
    await signUp(page);
    await page.goto("/account/passkeys");
    const item = passkeyItem(page, PLATFORM_NAME);

    await item.getByRole("button", { name: "Rename" }).click();
    const nameBox = item.getByRole("textbox", { name: "Passkey name" });
    await expect(nameBox).toHaveValue(PLATFORM_NAME);
    await nameBox.fill("Not this one");
    await item.getByRole("button", { name: "Cancel" }).click();
    await expect(nameBox).toBeHidden();
    await expect(item.getByRole("heading", { level: 3 })).toHaveText(PLATFORM_NAME);

    await item.getByRole("button", { name: "Rename" }).click();
    await nameBox.fill("   Work laptop  ");
    await item.getByRole("button", { name: "Save" }).click();

    const renamed = passkeyItem(page, "Work laptop");
    await expect(renamed).toBeVisible();
    await expect(renamed.getByRole("textbox", { name: "Passkey name" })).toBeHidden();
    await page.reload();
    await expect(passkeyItem(page, "Work laptop")).toBeVisible();
    await expect(passkeyList(page).getByRole("listitem")).toHaveCount(1);
  });

  test("an empty or over-long name is refused with an alert in the item", async ({ page, authenticators }) => {
    await authenticators.add();
    await signUp(page);
    await page.goto("/account/passkeys");
    const item = passkeyItem(page, PLATFORM_NAME);
    await item.getByRole("button", { name: "Rename" }).click();
    const nameBox = item.getByRole("textbox", { name: "Passkey name" });
    const save = item.getByRole("button", { name: "Save" });

    await nameBox.fill("   ");
    await save.click();
    await expect(item.getByRole("alert")).toHaveText("Give the passkey a name.");

    // The field stops typing at 64 characters; a longer name can still be sent (an old page, a
    // script), and the server must refuse it with a message in the item.
    await expect(nameBox).toHaveAttribute("maxlength", "64");
    await nameBox.evaluate((input) => input.removeAttribute("maxlength"));
    await nameBox.fill("x".repeat(65));
    await save.click();
    await expect(item.getByRole("alert")).toHaveText("A passkey name can be at most 64 characters.");

    await page.reload();
    await expect(passkeyItem(page, PLATFORM_NAME)).toBeVisible();

    // The limit itself is allowed.
    await passkeyItem(page, PLATFORM_NAME).getByRole("button", { name: "Rename" }).click();
    await page.getByRole("textbox", { name: "Passkey name" }).fill("y".repeat(64));
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(passkeyItem(page, "y".repeat(64))).toBeVisible();
  });
});

test.describe("removing a passkey", () => {
  test.use({ withoutAutofill: true });

  test("asks for confirmation; Remove deletes it, tells the authenticator, and it can no longer sign in", async ({ page, authenticators }) => {
    const key = await authenticators.add({ kind: "security-key", synced: false });
    const user = await signUp(page);
    const { device: phone } = await addPasskeyWithNewAuthenticator(page, authenticators, { kind: "platform", synced: true });
    const [phoneCredential] = await phone.credentials();
    const item = passkeyItem(page, PLATFORM_NAME);

    await item.getByRole("button", { name: "Remove" }).click();
    const dialog = page.getByRole("dialog", { name: `Remove “${PLATFORM_NAME}”?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(passkeyList(page).getByRole("listitem")).toHaveCount(2);

    phone.clearEvents();
    key.clearEvents();
    // Past the step-up window (a slow machine gets there), only the key from sign-up may confirm
    // the removal: the phone was added in this session.
    await answerOnlyWith(authenticators, key);
    await item.getByRole("button", { name: "Remove" }).click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Remove" }).click();

    await expect(item).toHaveCount(0);
    await expect(passkeyList(page).getByRole("listitem")).toHaveCount(1);
    // signalAllAcceptedCredentials: the device forgets the passkey the account no longer accepts.
    const deleted = await phone.waitForEvent("credentialDeleted");
    expect(deleted.credentialId).toBe(phoneCredential.credentialId);
    expect(await phone.credentials()).toEqual([]);
    expect(key.events("credentialDeleted")).toEqual([]);
    expect(await key.credentials()).toHaveLength(1);
    await page.reload();
    await expect(passkeyList(page).getByRole("listitem")).toHaveCount(1);
    await expect(passkeyItem(page, SECURITY_KEY_NAME)).toBeVisible();

    await page.goto("/account");
    await signOut(page);
    await answerOnlyWith(authenticators, phone);
    phone.clearEvents();
    await signInWithPasskeyButton(page);
    await expect(alertOf(page)).toBeVisible();
    await expect(page).toHaveURL("/signin");
    expect(phone.events("credentialAsserted")).toEqual([]);
    expect(await sessionCookie(page)).toBeUndefined();

    // Control: the remaining passkey still signs in.
    await answerOnlyWith(authenticators, key);
    await signInWithEmail(page, user.email);
    await expect(page).toHaveURL("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
  });

  test("the account's only passkey cannot be removed, and the page says why", async ({ page, authenticators }) => {
    await authenticators.add({ kind: "platform", synced: false });
    await signUp(page);
    await page.goto("/account/passkeys");
    const item = passkeyItem(page, PLATFORM_NAME);
    const id = await passkeyIdOf(item);

    // The server refuses it too.
    const refused = await requestFromPage(page, "DELETE", `/api/account/passkeys/${id}`);
    expect(refused).toMatchObject({ status: 409, json: { code: "last_passkey" } });

    const remove = item.getByRole("button", { name: "Remove" });
    await expect(remove).toBeDisabled();
    await expect(remove).toHaveAccessibleDescription(/^Your only passkey can't be removed/);
    await page.reload();
    await expect(passkeyList(page).getByRole("listitem")).toHaveCount(1);

    // With a second passkey, both can be removed.
    await addPasskeyWithNewAuthenticator(page, authenticators, { kind: "security-key", synced: false });
    for (const name of [PLATFORM_NAME, SECURITY_KEY_NAME]) {
      const button = passkeyItem(page, name).getByRole("button", { name: "Remove" });
      await expect(button).toBeEnabled();
      await expect(button).toHaveAccessibleDescription("");
    }
  });
});

test.describe("last used", () => {
  test.use({ withoutAutofill: true });
  const WINDOWS_CHROME =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
  test.use({ userAgent: WINDOWS_CHROME });

  test("changes from 'Not used to sign in yet' to 'just now' and the browser and OS of the sign-in", async ({ page, authenticators }) => {
    await authenticators.add();
    const user = await signUp(page);
    await page.goto("/account/passkeys");
    const item = passkeyItem(page, PLATFORM_NAME);
    await expect(detail(item, "Last used")).toHaveText("Not used to sign in yet");
    // Before any sign-in, the item says where the passkey was added.
    await expect(detail(item, "Created")).toHaveText("just now · Chrome on Windows");

    await page.goto("/account");
    await signOut(page);
    // Sign in from another browser and system, as far as the server can tell.
    await page.setExtraHTTPHeaders({ "User-Agent": LINUX_CHROME_USER_AGENT });
    await signInWithEmail(page, user.email);
    await expect(page).toHaveURL("/account");
    await page.goto("/account/passkeys");

    const lastUsed = detail(item, "Last used");
    await expect(lastUsed).toHaveText("just now · Chrome on Linux");
    const time = lastUsed.locator("time");
    await expect(time).toHaveText("just now");
    await expect(time).toHaveAttribute("title", /\d/);
    const usedAt = Date.parse((await time.getAttribute("datetime")) ?? "");
    expect(Math.abs(Date.now() - usedAt)).toBeLessThan(60_000);
  });
});

test.describe("exact times", () => {
  // A reader whose time zone and locale differ from the server's (SERVER_TIME_ZONE, en-US).
  test.use({ timezoneId: "Asia/Tokyo", locale: "de-DE" });

  test("the <time> title shows the exact time on the reader's own clock, also on a full page load", async ({ page, context, authenticators, baseURL }) => {
    // The English pages, though the browser prefers German: its times are then English ones on its own clock.
    await context.addCookies([{ name: LOCALE_COOKIE, value: "en", url: baseURL }]);
    // Regression: the title once came from the server render (UTC, en-US) and stayed after
    // hydration; it must be formatted in the browser.
    await authenticators.add();
    await signUp(page);
    await page.goto("/account/passkeys");
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions())).toMatchObject({ locale: "de-DE", timeZone: "Asia/Tokyo" });
    const created = detail(passkeyItem(page, PLATFORM_NAME), "Created").locator("time");
    // What this browser formats for the <time>'s instant, and unlike what the server would render.
    await expectReadersClock(page, created, "title");
  });
});

test.describe("another account's passkey", () => {
  test.use({ withoutAutofill: true });

  test("cannot be renamed or removed by its ID: 404 passkey_not_found, nothing changes", async ({ page, authenticators, browser }) => {
    const victimContext = await browser.newContext();
    try {
      const victimPage = await victimContext.newPage();
      await authenticators.add({ kind: "platform", synced: true }, victimPage);
      await signUp(victimPage, { name: "Victim" });
      // Two passkeys, so that a missing ownership check would let the removal through.
      await addPasskeyWithNewAuthenticator(victimPage, authenticators, { kind: "security-key", synced: false });
      const victimIds = await Promise.all([PLATFORM_NAME, SECURITY_KEY_NAME].map((name) => passkeyIdOf(passkeyItem(victimPage, name))));

      await authenticators.add({ kind: "platform", synced: false });
      await signUp(page, { name: "Attacker" });
      await page.goto("/account/passkeys");
      const ownId = await passkeyIdOf(passkeyItem(page, PLATFORM_NAME));

      // Control: the same request on the attacker's own passkey goes through.
      expect(await requestFromPage(page, "PATCH", `/api/account/passkeys/${ownId}`, { name: "Mine" })).toMatchObject({
        status: 200,
        json: { passkey: { id: ownId, name: "Mine" } },
      });

      for (const id of victimIds) {
        const rename = await requestFromPage(page, "PATCH", `/api/account/passkeys/${id}`, { name: "Hijacked" });
        expect(rename).toEqual({ status: 404, json: { error: expect.any(String), code: "passkey_not_found" } });
        const removal = await requestFromPage(page, "DELETE", `/api/account/passkeys/${id}`);
        expect(removal).toEqual({ status: 404, json: { error: expect.any(String), code: "passkey_not_found" } });
      }

      await victimPage.reload();
      await expect(passkeyList(victimPage).getByRole("listitem")).toHaveCount(2);
      await expect(passkeyItem(victimPage, PLATFORM_NAME)).toBeVisible();
      await expect(passkeyItem(victimPage, SECURITY_KEY_NAME)).toBeVisible();
      await expect(passkeyList(victimPage)).not.toContainText("Hijacked");
    } finally {
      await victimContext.close();
    }
  });
});
