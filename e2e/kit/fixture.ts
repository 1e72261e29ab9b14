import { test as base } from "@playwright/test";
import { disableAutofill } from "./autofill";
import { uniqueClientIp } from "./unique";
import { createAuthenticators, type Authenticators } from "./virtual-authenticators";

/** Fixtures the kit adds to Playwright's `test`. */
export interface PasskeyFixtures {
  /** Adds virtual authenticators to pages; see {@link Authenticators}. */
  authenticators: Authenticators;
}

/** Options the kit adds to Playwright's `test`; set them with `test.use({...})`. */
export interface PasskeyOptions {
  /**
   * When true, every page of the test's `context` behaves like a browser without passkey
   * autofill (see {@link disableAutofill}), so a sign-in page does not sign in by itself and the
   * explicit buttons can be tested. Defaults to false.
   */
  withoutAutofill: boolean;
  /**
   * The IP address the site sees for this test's `context`, sent as `X-Forwarded-For` (for a
   * site that trusts one proxy hop). Defaults to a fresh address per test from the
   * 198.18.0.0/15 benchmarking range, so per-IP rate limits never leak between tests; set one
   * with `test.use({ clientIp: "203.0.113.9" })` to test them.
   */
  clientIp: string;
}

/**
 * Playwright's `test`, extended with the `authenticators` fixture and the `withoutAutofill` and
 * `clientIp` options. Import it (and `expect`) from the kit instead of `@playwright/test`, or
 * `.extend()` it with fixtures of your own.
 */
export const test = base.extend<PasskeyFixtures & PasskeyOptions>({
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
