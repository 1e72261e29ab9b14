import type { BrowserContext, Page } from "@playwright/test";
import { reportClientCapabilities } from "./client-capabilities";

/**
 * Makes every page of `target` (a context, or one page) behave like a browser without passkey
 * autofill: `PublicKeyCredential.isConditionalMediationAvailable()` resolves false and
 * `getClientCapabilities()` reports `conditionalGet: false`. A sign-in page that checks either
 * then starts no conditional (autofill) request. Applies from the next document loaded: call it
 * before `page.goto`.
 *
 * Why tests need it: a virtual authenticator answers a pending autofill request at once, with
 * no click. Holding a matching passkey, it signs the page in by itself; holding none (or with
 * user verification failing), it rejects the request, and a page that re-arms autofill keeps
 * asking. Use it in every test of the explicit buttons, and whenever an autofill page is open
 * while the page's authenticator holds no passkey for the site.
 */
export async function disableAutofill(target: BrowserContext | Page): Promise<void> {
  await target.addInitScript(() => {
    if (typeof PublicKeyCredential === "undefined") return;
    Object.defineProperty(PublicKeyCredential, "isConditionalMediationAvailable", {
      configurable: true,
      value: () => Promise.resolve(false),
    });
  });
  await reportClientCapabilities(target, { conditionalGet: false });
}
