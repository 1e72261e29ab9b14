/**
 * Playwright fixtures for the passkey portal: virtual WebAuthn authenticators driven through
 * the Chrome DevTools Protocol, a switch that hides passkey autofill, and helpers that drive
 * the real UI (sign up, sign out).
 *
 * ```ts
 * import { test, expect, signUp } from "./fixtures";
 *
 * test("signs up", async ({ page, authenticators }) => {
 *   const phone = await authenticators.add({ kind: "platform", synced: true });
 *   const { name } = await signUp(page);
 *   await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
 *   expect(await phone.credentials()).toHaveLength(1);
 * });
 * ```
 *
 * Chromium only: virtual authenticators exist through CDP, which other browsers lack.
 *
 * @packageDocumentation
 */
import { randomBytes, randomUUID } from "node:crypto";
import { test as base, expect, type Browser, type BrowserContext, type Cookie, type Locator, type Page } from "@playwright/test";
import {
  createAuthenticators,
  type AuthenticatorOptions,
  type Authenticators,
  type VirtualAuthenticator,
} from "./virtual-authenticators";

export type {
  AuthenticatorEvent,
  AuthenticatorEventType,
  AuthenticatorKind,
  AuthenticatorOptions,
  Authenticators,
  BackupFlags,
  VirtualAuthenticator,
  VirtualCredential,
  WaitForEventOptions,
} from "./virtual-authenticators";
export { expect };
export { STEP_UP_WINDOW_MS, STEP_UP_WINDOW_SECONDS } from "./server-settings";

/** The one answer /signin gives to a wrong, spent or unknown email-and-recovery-code pair. */
export const RECOVERY_CODE_REFUSED = "That email and recovery code don't match an unused recovery code. Check both and try again.";

/**
 * The start of /signin's alert when a "Next" (email-first) prompt ends without a passkey. It is
 * the same for an email without an account, so it never tells a stranger which emails have one.
 */
export const EMAIL_SIGN_IN_FAILED =
  "We couldn't sign you in with a passkey for that email: the prompt was cancelled or timed out, your device couldn't verify you, or it holds no passkey for that email.";

/** Fixtures and options this module adds to Playwright's `test`. */
export interface PortalFixtures {
  /** Adds virtual authenticators to pages; see {@link Authenticators}. */
  authenticators: Authenticators;
}

/** Options this module adds to Playwright's `test`; set them with `test.use({...})`. */
export interface PortalOptions {
  /**
   * When true, every page of the test's `context` behaves like a browser without passkey
   * autofill (see {@link disableAutofill}), so /signin does not sign in by itself and the
   * explicit buttons can be tested. Defaults to false.
   */
  withoutAutofill: boolean;
  /**
   * The IP address the portal sees for this test's `context`, sent as `X-Forwarded-For` (the
   * portal trusts one proxy hop, see TRUSTED_PROXIES). Defaults to a fresh address per test from
   * the 198.18.0.0/15 benchmarking range, so per-IP rate limits never leak between tests; set
   * one with `test.use({ clientIp: "203.0.113.9" })` to test them.
   */
  clientIp: string;
}

/**
 * Makes every page of `target` (a context, or one page) behave like a browser without passkey
 * autofill: `PublicKeyCredential.isConditionalMediationAvailable()` resolves false and
 * `getClientCapabilities()` reports `conditionalGet: false`. The sign-in page then starts no
 * conditional (autofill) request. Applies from the next document loaded: call it before `page.goto`.
 *
 * Why tests need it: a virtual authenticator answers a pending autofill request at once, with
 * no click. Holding a matching passkey, it signs /signin in by itself; holding none (or with
 * user verification failing), it rejects the request and the page re-arms autofill after a
 * back-off. Use it in every test of the explicit buttons, and whenever /signin is open while
 * the page's authenticator holds no passkey for this site.
 */
export async function disableAutofill(target: BrowserContext | Page): Promise<void> {
  await target.addInitScript(() => {
    if (typeof PublicKeyCredential === "undefined") return;
    Object.defineProperty(PublicKeyCredential, "isConditionalMediationAvailable", {
      configurable: true,
      value: () => Promise.resolve(false),
    });
    const withCapabilities = PublicKeyCredential as unknown as { getClientCapabilities?: () => Promise<Record<string, boolean>> };
    const original = withCapabilities.getClientCapabilities?.bind(PublicKeyCredential);
    if (!original) return;
    Object.defineProperty(PublicKeyCredential, "getClientCapabilities", {
      configurable: true,
      value: async () => ({ ...(await original()), conditionalGet: false }),
    });
  });
}

/**
 * Playwright's `test`, extended with the `authenticators` fixture and the `withoutAutofill`
 * option. Import it (and `expect`) from here instead of `@playwright/test`.
 */
export const test = base.extend<PortalFixtures & PortalOptions>({
  withoutAutofill: [false, { option: true }],
  clientIp: [async ({}, use) => use(uniqueClientIp()), { option: true }],

  extraHTTPHeaders: async ({ extraHTTPHeaders, clientIp }, use) => {
    await use({ ...extraHTTPHeaders, "x-forwarded-for": clientIp });
  },

  context: async ({ context, withoutAutofill }, use) => {
    if (withoutAutofill) await disableAutofill(context);
    await use(context);
  },

  authenticators: async ({ page }, use) => {
    const { authenticators, dispose } = createAuthenticators(page);
    await use(authenticators);
    await dispose();
  },
});

/** A random address in 198.18.0.0/15 (reserved for benchmarks, never a real client). */
export function uniqueClientIp(): string {
  const [a, b, c] = randomBytes(3);
  return `198.${18 + (a & 1)}.${b}.${Math.max(1, c)}`;
}

/**
 * A fresh, valid, lowercase email address (`e2e-<label>-<random>@example.com`); every call
 * returns a new one, so tests running in parallel never share an account.
 */
export function uniqueEmail(label = "user"): string {
  return `e2e-${label}-${randomUUID().slice(0, 12)}@example.com`.toLowerCase();
}

/**
 * The page's error message: the `role="alert"` inside the `main` landmark. (Next.js also
 * renders an always-present route announcer with `role="alert"` outside `main`.)
 */
export function alertOf(page: Page): Locator {
  return page.getByRole("main").getByRole("alert");
}

/** The account a helper created. */
export interface SignedUpUser {
  email: string;
  name: string;
}

/**
 * Creates an account through the real /signup form (Email, Name, "Create passkey") and waits
 * until the account page greets the new user. The page needs a virtual authenticator whose
 * user verification passes (see {@link Authenticators.add}); the new passkey is stored on it.
 * Throws with the page's alert text if sign-up shows an error instead.
 *
 * A new account's address is unconfirmed: /account shows "Confirm your email", and the portal
 * sends it no security emails until the code is entered. Pass `confirm: true` to enter it at once
 * ({@link confirmEmail}), e.g. in tests that expect security emails.
 *
 * @param details Defaults: a {@link uniqueEmail}, the name "E2E Tester", `confirm: false`.
 * @returns The email and name used.
 */
export async function signUp(page: Page, details: { email?: string; name?: string; confirm?: boolean } = {}): Promise<SignedUpUser> {
  const user = { email: details.email ?? uniqueEmail("signup"), name: details.name ?? "E2E Tester" };
  await page.goto("/signup");
  await page.getByRole("textbox", { name: "Email" }).fill(user.email);
  await page.getByRole("textbox", { name: "Name" }).fill(user.name);
  await page.getByRole("button", { name: "Create passkey" }).click();
  const greeting = page.getByRole("heading", { level: 1, name: user.name, exact: true });
  const alert = alertOf(page);
  await expect(greeting.or(alert)).toBeVisible({ timeout: 15_000 });
  if (await alert.isVisible()) throw new Error(`Sign-up failed: ${await alert.innerText()}`);
  await expect(page).toHaveURL("/account");
  if (details.confirm) await confirmEmail(page, user.email);
  return user;
}

/** The subject of the email carrying a code for a new account's address, or for a new address. */
export const CONFIRMATION_SUBJECT = /^Confirm your (new )?email address$/;

/**
 * Waits (up to 20 s) for a delivered confirmation email to `email` and returns its code
 * (`1234 5678`) and link. With several, the newest delivered one counts.
 */
export async function confirmationEmail(context: BrowserContext, email: string): Promise<{ code: string; link: string }> {
  const message = await expectEmail(context, email, CONFIRMATION_SUBJECT);
  const code = /^Confirmation code: (\d{4} \d{4})$/m.exec(message.text)?.[1];
  const link = /^Confirm this email address: (\S+)$/m.exec(message.text)?.[1];
  if (!code || !link) throw new Error(`No code or link in the confirmation email to ${email}:\n${message.text}`);
  return { code, link };
}

/**
 * The section /account shows while an address waits for its code: "Confirm your email" (a new
 * account) or "Confirm your new email" (a change asked for in Edit profile).
 */
export function confirmationSection(page: Page): Locator {
  return page.getByRole("main").getByRole("region", { name: /^Confirm your (new )?email$/ });
}

/**
 * Confirms `email` like its owner: reads the code from the development mailbox
 * ({@link confirmationEmail}), opens /account if needed, types it into "Confirmation code",
 * presses "Confirm" and waits until the section is gone. Throws with the page's alert text if
 * the portal refuses the code. Works for a new account's address and for a new one asked for
 * in Edit profile (the account's email then changes).
 */
export async function confirmEmail(page: Page, email: string): Promise<void> {
  const { code } = await confirmationEmail(page.context(), email);
  if (new URL(page.url()).pathname !== "/account") await page.goto("/account");
  const section = confirmationSection(page);
  await section.getByRole("textbox", { name: "Confirmation code" }).fill(code);
  await section.getByRole("button", { name: "Confirm", exact: true }).click();
  const alert = alertOf(page);
  await expect
    .poll(async () => (await alert.isVisible()) || !(await section.isVisible()), { message: `the confirmation of ${email}`, timeout: 15_000 })
    .toBe(true);
  if (await alert.isVisible()) throw new Error(`Confirming ${email} failed: ${await alert.innerText()}`);
}

/**
 * Signs out through the account page's "Sign out" button (the page must show /account) and
 * waits for the sign-in page. With autofill available and a matching passkey on the page's
 * authenticator, /signin then signs straight back in: use `withoutAutofill`, or remove the
 * authenticator first, to stay signed out.
 */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/signin");
}

/**
 * Makes `device` the only authenticator of its page that answers ceremonies: automatic presence
 * on for it, off for every other authenticator this fixture attached to the same page (removed
 * ones are skipped). The muted ones keep their credentials and still receive Signal API calls.
 * Use it before each ceremony on a page with several authenticators, since Chromium otherwise
 * sends the request to all of them (see {@link Authenticators}). Measured: a ceremony that only a
 * muted authenticator could answer does not fail, it waits for its timeout (about a minute), and
 * so does one whose `allowCredentials` transports (e.g. `usb`) match no unmuted authenticator.
 */
export async function answerOnlyWith(authenticators: Authenticators, device: VirtualAuthenticator): Promise<void> {
  for (const other of authenticators.all) {
    if (other === device || other.page !== device.page) continue;
    // A removed authenticator no longer exists in CDP: nothing to mute.
    await other.setAutomaticPresence(false).catch(() => undefined);
  }
  await device.setAutomaticPresence(true);
}

/** What the portal answered a request made from a page: its status and JSON body. */
export interface PageAnswer {
  status: number;
  json: unknown;
}

/**
 * Confirms the signed-in person on `page` with one of their passkeys (a step-up), the way the
 * pages do before a sensitive change: asks /api/session/step-up/options, lets the page's authenticators
 * answer `navigator.credentials.get`, and posts the result to /api/session/step-up/verify. The session
 * then counts as recently verified for STEP_UP_WINDOW_SECONDS. Only passkeys the account had
 * before this session began can answer (a recovery-code session: only a passkey it added).
 *
 * @returns The verify answer (status 200 on success), or the options refusal, e.g. 403
 * `add_passkey_first` for a recovery-code session that has not added a passkey yet.
 */
export async function confirmWithPasskey(page: Page): Promise<PageAnswer> {
  return page.evaluate(async () => {
    const post = async (url: string, body: unknown) => {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: response.status, json: (await response.json().catch(() => null)) as unknown };
    };
    const options = await post("/api/session/step-up/options", {});
    if (options.status !== 200) return options;
    const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(options.json as PublicKeyCredentialRequestOptionsJSON);
    const credential = (await navigator.credentials.get({ publicKey })) as PublicKeyCredential;
    return post("/api/session/step-up/verify", { response: credential.toJSON() });
  });
}

/**
 * A same-origin JSON request from `page`, as the portal's own scripts send it (the browser adds
 * Origin and the session cookie). Like the portal's pages, it answers a 403 `step_up_required`
 * with {@link confirmWithPasskey} and retries once. A test that relies on its sign-up being
 * recent enough for a sensitive change would otherwise fail on a machine slow enough to pass the
 * step-up window (20 s in the e2e server) between two steps. Tests of the step-up itself use the UI.
 */
export async function requestFromPage(page: Page, method: "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<PageAnswer> {
  const send = (): Promise<PageAnswer> =>
    page.evaluate(
      async ({ method, url, body }) => {
        const init: RequestInit = { method, headers: { "content-type": "application/json" } };
        if (body !== undefined) init.body = JSON.stringify(body);
        const response = await fetch(url, init);
        return { status: response.status, json: (await response.json().catch(() => null)) as unknown };
      },
      { method, url, body },
    );
  const first = await send();
  if (first.status !== 403 || (first.json as { code?: string } | null)?.code !== "step_up_required") return first;
  const confirmed = await confirmWithPasskey(page);
  if (confirmed.status !== 200) throw new Error(`The passkey check the portal asked for failed: ${JSON.stringify(confirmed.json)}`);
  return send();
}

/**
 * Makes sure the session on `page` may add a passkey right now: if the portal asks for a recent
 * passkey check (outside the step-up window), confirms with the page's unmuted authenticators
 * first. A recovery-code session that has not proven itself yet needs no check.
 */
async function ensureMayAddPasskey(page: Page): Promise<void> {
  const probe = await page.evaluate(async () => {
    const response = await fetch("/api/account/passkeys/registration/options", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    return { status: response.status, json: (await response.json().catch(() => null)) as { code?: string } | null };
  });
  if (probe.status === 200) return;
  if (probe.json?.code !== "step_up_required") throw new Error(`Adding a passkey is refused: ${JSON.stringify(probe.json)}`);
  const confirmed = await confirmWithPasskey(page);
  if (confirmed.status !== 200) throw new Error(`The passkey check before adding a passkey failed: ${JSON.stringify(confirmed.json)}`);
}

/**
 * Adds a second (third…) passkey to the signed-in account from a new virtual authenticator on
 * `page`: confirms with the page's existing authenticators if the portal asks for a recent
 * passkey check ({@link confirmWithPasskey}), attaches the new one, makes it the only one
 * answering ({@link answerOnlyWith}), opens /account/passkeys if needed, clicks "Add a passkey"
 * and waits for the "Added …" status. Throws with the page's alert text if the portal refuses.
 *
 * @returns The new authenticator (it holds the new passkey) and the passkey's name as listed.
 */
export async function addPasskeyWithNewAuthenticator(
  page: Page,
  authenticators: Authenticators,
  options: AuthenticatorOptions,
): Promise<{ device: VirtualAuthenticator; name: string }> {
  if (new URL(page.url()).pathname !== "/account/passkeys") await page.goto("/account/passkeys");
  for (const other of authenticators.all) {
    if (other.page === page) await other.setAutomaticPresence(true).catch(() => undefined);
  }
  await ensureMayAddPasskey(page);
  const device = await authenticators.add(options, page);
  await answerOnlyWith(authenticators, device);
  const before = await page.getByRole("main").getByRole("listitem").count();
  await page.getByRole("button", { name: "Add a passkey" }).click();
  const status = page.getByRole("main").getByRole("status");
  const alert = alertOf(page);
  await expect(status.or(alert)).toBeVisible({ timeout: 15_000 });
  if (await alert.isVisible()) throw new Error(`Adding a passkey failed: ${await alert.innerText()}`);
  await expect(page.getByRole("main").getByRole("listitem")).toHaveCount(before + 1);
  const name = /^Added “(.+)”\./.exec(await status.innerText())?.[1];
  if (!name) throw new Error(`Unexpected status after adding a passkey: ${await status.innerText()}`);
  return { device, name };
}

/** On /signin: types the email and presses Next (the server then allows only that account's passkeys). */
export async function signInWithEmail(page: Page, email: string): Promise<void> {
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await page.getByRole("button", { name: "Next" }).click();
}

/** On /signin: opens "Other ways to sign in" if needed and presses the passkey button (any discoverable passkey). */
export async function signInWithPasskeyButton(page: Page): Promise<void> {
  const otherWays = page.getByRole("button", { name: "Other ways to sign in" });
  if ((await otherWays.getAttribute("aria-expanded")) !== "true") await otherWays.click();
  await page.getByRole("button", { name: "Face, fingerprint, PIN, or security key" }).click();
}

/** Name of the portal's session cookie on plain-http localhost (lib/server/http/cookies.ts). */
export const SESSION_COOKIE = "portal.session";

/** The page's session cookie (next-auth's encrypted JWT), or undefined when signed out. */
export async function sessionCookie(page: Page): Promise<Cookie | undefined> {
  return (await page.context().cookies()).find((cookie) => cookie.name === SESSION_COOKIE);
}

/** A security email as the development mailbox (/dev/mailbox) shows it. */
export interface MailboxMessage {
  subject: string;
  /** Status line: "Delivered" once the outbox has sent it. */
  status: string;
  /** The plain-text body. */
  text: string;
}

/**
 * Every message to `to` in the portal's development mailbox (/dev/mailbox, enabled for the
 * e2e server with DEV_MAILBOX=true), newest first, read through a page of its own in `context`.
 */
export async function mailboxMessages(context: BrowserContext, to: string): Promise<MailboxMessage[]> {
  const page = await context.newPage();
  try {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
    const items = page.getByRole("list", { name: "Messages" }).getByRole("listitem");
    const messages: MailboxMessage[] = [];
    for (const item of await items.all()) {
      messages.push({
        subject: await item.getByRole("heading").innerText(),
        status: (await item.locator("dt:text-is('Status') + dd").innerText()).trim(),
        text: await item.locator("pre").innerText(),
      });
    }
    return messages;
  } finally {
    await page.close();
  }
}

/**
 * Waits (polling, up to 20 s) until the mailbox holds a delivered message to `to` whose subject
 * contains `subject`, and returns it. Mail is delivered in the background, so it may lag the
 * action that caused it by a moment.
 */
export async function expectEmail(context: BrowserContext, to: string, subject: string | RegExp): Promise<MailboxMessage> {
  const matches = (message: MailboxMessage) =>
    message.status === "Delivered" && (typeof subject === "string" ? message.subject.includes(subject) : subject.test(message.subject));
  let found: MailboxMessage | undefined;
  await expect
    .poll(async () => {
      found = (await mailboxMessages(context, to)).find(matches);
      return found !== undefined;
    }, { message: `a delivered email to ${to} with subject ${String(subject)}`, timeout: 20_000 })
    .toBe(true);
  return found!;
}

/**
 * A desktop Chrome on Linux user agent, which the portal describes as "Chrome on Linux" (on
 * signed-in devices, in activity and in emails). Playwright's "Desktop Chrome" device claims
 * Windows; use this with `test.use({ userAgent: LINUX_CHROME_USER_AGENT })` to pin the text.
 * Contexts a test opens with `browser.newContext()` inherit it.
 */
export const LINUX_CHROME_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

/** Another browser opened by {@link openAnotherBrowser}; close `context` when done. */
export interface AnotherBrowser {
  context: BrowserContext;
  page: Page;
  /** The address the portal sees for it (its `X-Forwarded-For`). */
  clientIp: string;
}

/**
 * Opens a second browser, as a person's other computer: its own context (no cookies, so no
 * session and no device cookie), no passkey autofill ({@link disableAutofill}), no authenticator,
 * and its own client IP (by default a fresh {@link uniqueClientIp}). The caller closes the context.
 */
export async function openAnotherBrowser(browser: Browser, clientIp: string = uniqueClientIp()): Promise<AnotherBrowser> {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": clientIp } });
  await disableAutofill(context);
  return { context, page: await context.newPage(), clientIp };
}

/**
 * On /account/recovery (opened if needed): presses "Generate recovery codes" and returns the ten
 * codes the page shows once. Throws with the page's alert text if the portal refuses. A passkey
 * check may run first (outside the step-up window): the page's authenticator answers it.
 */
export async function generateRecoveryCodes(page: Page): Promise<string[]> {
  if (new URL(page.url()).pathname !== "/account/recovery") await page.goto("/account/recovery");
  await page.getByRole("button", { name: "Generate recovery codes" }).click();
  const codes = page.getByRole("list", { name: "New recovery codes" }).getByRole("listitem");
  const alert = alertOf(page);
  await expect(codes.first().or(alert)).toBeVisible({ timeout: 15_000 });
  if (await alert.isVisible()) throw new Error(`Generating recovery codes failed: ${await alert.innerText()}`);
  return (await codes.allInnerTexts()).map((code) => code.trim());
}

/**
 * On /signin: switches to the recovery-code form ("Other ways to sign in", then "Use a recovery
 * code") unless it is already shown, fills Email and Recovery code and presses "Sign in". It does
 * not wait for the outcome: a valid code lands on /account/passkeys?recovered=1, any other shows
 * an alert ({@link alertOf}).
 */
export async function signInWithRecoveryCode(page: Page, email: string, code: string): Promise<void> {
  const codeField = page.getByRole("textbox", { name: "Recovery code" });
  if (!(await codeField.isVisible())) {
    const otherWays = page.getByRole("button", { name: "Other ways to sign in" });
    if ((await otherWays.getAttribute("aria-expanded")) !== "true") await otherWays.click();
    await page.getByRole("button", { name: "Use a recovery code" }).click();
  }
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await codeField.fill(code);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}
