/**
 * The portal's Playwright fixture: the kit's (./kit: virtual authenticators, the
 * `withoutAutofill` and `clientIp` options; see e2e/kit/README.md) plus the portal's
 * development mailbox. Specs import `test` and `expect` from here, the screens' helpers from
 * ./pages/<screen>, and the kit's helpers from here too, so a spec needs one import for the kit.
 *
 * ```ts
 * import { test, expect } from "./fixtures";
 * import { signUp } from "./pages/sign-up";
 *
 * test("signs up", async ({ page, authenticators, mailbox }) => {
 *   const phone = await authenticators.add({ kind: "platform", synced: true });
 *   const { email, name } = await signUp(page);
 *   await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
 *   expect(await phone.credentials()).toHaveLength(1);
 *   await mailbox.expectEmail(email, "Confirm your email address");
 * });
 * ```
 */
import { test as kitTest } from "./kit/index";
import { mailboxOf, type Mailbox } from "./mailbox";

// Everything the kit offers, its `test` replaced by the one below.
export * from "./kit/index";

/** Fixtures the portal adds to the kit's `test`. */
export interface PortalFixtures {
  /** The development mailbox (/dev/mailbox), read through the test's `context`. */
  mailbox: Mailbox;
}

/** The kit's `test` with the portal's {@link PortalFixtures}. */
export const test = kitTest.extend<PortalFixtures>({
  mailbox: async ({ context }, use) => use(mailboxOf(context)),
});
