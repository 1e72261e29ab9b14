// "Choose where to save it" on /account/passkeys and /signup. Virtual authenticators ignore
// WebAuthn hints but honour the attachment (e2e/kit/README.md): "This device" reaches only the
// platform authenticator, the other two only the cross-platform ones.
import { expect, test } from "./fixtures";
import { addPasskeyWithNewAuthenticator } from "./pages/passkeys";
import { signUp } from "./pages/sign-up";

test.use({ withoutAutofill: true });

test("/account/passkeys: the disclosure offers three places, and each passkey is named for where it went", async ({ page, authenticators }) => {
  // Chromium allows one internal authenticator per page: the account starts on a security key.
  const firstKey = await authenticators.add({ kind: "security-key" });
  await signUp(page);
  await page.goto("/account/passkeys");

  const disclosure = page.getByRole("button", { name: "Choose where to save it" });
  const places = page.getByRole("group", { name: "Where to save the passkey" });
  await expect(disclosure).toHaveAttribute("aria-expanded", "false");
  await expect(places).toBeHidden();
  // By keyboard: the disclosure is a real button.
  await disclosure.focus();
  await page.keyboard.press("Enter");
  await expect(disclosure).toHaveAttribute("aria-expanded", "true");
  await expect(disclosure).toHaveAttribute("aria-controls", (await places.getAttribute("id"))!);
  await expect(places.getByRole("button")).toHaveText(["This device", "A phone or tablet", "A security key"]);
  await page.keyboard.press("Space");
  await expect(places).toBeHidden();

  const key = await addPasskeyWithNewAuthenticator(page, authenticators, { kind: "security-key" }, "A security key");
  expect(key.name).toBe("Security key");
  expect(await key.device.credentials()).toHaveLength(1);

  const phone = await addPasskeyWithNewAuthenticator(page, authenticators, { kind: "phone" }, "A phone or tablet");
  expect(phone.name).toBe("Passkey on a phone or tablet");

  const laptop = await addPasskeyWithNewAuthenticator(page, authenticators, { kind: "platform" }, "This device");
  expect(laptop.name).toBe("Passkey on this device");
  expect(await laptop.device.credentials()).toHaveLength(1);
  expect(await firstKey.credentials()).toHaveLength(1);
});

test("/signup: an account's first passkey saved on a security key", async ({ page, authenticators }) => {
  const laptop = await authenticators.add({ kind: "platform" });
  const key = await authenticators.add({ kind: "security-key" });

  await signUp(page, { place: "A security key" });

  // The platform authenticator never saw the request: the choice asked for a cross-platform one.
  expect(await key.credentials()).toHaveLength(1);
  expect(await laptop.credentials()).toHaveLength(0);
  await page.goto("/account/passkeys");
  await expect(page.getByRole("main").getByRole("listitem")).toHaveText([/Security key/]);
});
