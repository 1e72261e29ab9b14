/**
 * Playwright kit for testing passkeys in any web app: Chromium virtual WebAuthn authenticators
 * driven through the Chrome DevTools Protocol, a switch that hides passkey autofill, a client IP
 * per test, and small helpers. Nothing in it knows a particular app; see ./README.md.
 *
 * ```ts
 * import { test, expect } from "@passkey-portal/playwright-kit";
 *
 * test("signs up", async ({ page, authenticators }) => {
 *   const phone = await authenticators.add({ kind: "platform", synced: true });
 *   // … drive your sign-up page …
 *   expect(await phone.credentials()).toHaveLength(1);
 * });
 * ```
 *
 * Chromium only: virtual authenticators exist through CDP, which other browsers lack.
 *
 * @packageDocumentation
 */
export { expect } from "@playwright/test";
export { test, type PasskeyFixtures, type PasskeyOptions } from "./fixture";
export {
  createAuthenticators,
  type AuthenticatorEvent,
  type AuthenticatorEventType,
  type AuthenticatorKind,
  type AuthenticatorOptions,
  type Authenticators,
  type BackupFlags,
  type VirtualAuthenticator,
  type VirtualCredential,
  type WaitForEventOptions,
} from "./virtual-authenticators";
export { answerOnlyWith } from "./answer-only-with";
export { disableAutofill } from "./autofill";
export { answerConditionalCreate, disableConditionalCreate } from "./conditional-create";
export { LINUX_CHROME_USER_AGENT, openAnotherBrowser, type AnotherBrowser } from "./browsers";
export { createCredentialInPage, getCredentialInPage, type CredentialJSON } from "./ceremonies-in-page";
export { fetchJsonFromPage, type PageAnswer } from "./page-fetch";
export { uniqueClientIp, uniqueEmail } from "./unique";
