import type { Browser, BrowserContext, Page } from "@playwright/test";
import { disableAutofill } from "./autofill";
import { uniqueClientIp } from "./unique";

/**
 * A desktop Chrome on Linux user agent. Playwright's "Desktop Chrome" device claims Windows; use
 * this with `test.use({ userAgent: LINUX_CHROME_USER_AGENT })` to pin what a site derives from
 * the user agent (a device name in a list of sessions or in an email). Contexts a test opens
 * with `browser.newContext()` inherit it.
 */
export const LINUX_CHROME_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

/** Another browser opened by {@link openAnotherBrowser}; close `context` when done. */
export interface AnotherBrowser {
  context: BrowserContext;
  page: Page;
  /** The address the site sees for it (its `X-Forwarded-For`). */
  clientIp: string;
}

/**
 * Opens a second browser, as a person's other computer: its own context (no cookies), no
 * passkey autofill ({@link disableAutofill}), no authenticator, and its own client IP (by
 * default a fresh {@link uniqueClientIp}). The caller closes the context.
 */
export async function openAnotherBrowser(browser: Browser, clientIp: string = uniqueClientIp()): Promise<AnotherBrowser> {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": clientIp } });
  await disableAutofill(context);
  return { context, page: await context.newPage(), clientIp };
}
