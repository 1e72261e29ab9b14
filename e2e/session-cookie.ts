import type { Cookie, Page } from "@playwright/test";

/** Name of the portal's session cookie on plain-http localhost (lib/cookies.ts). */
export const SESSION_COOKIE = "portal.session";

/** The page's session cookie (next-auth's encrypted JWT), or undefined when signed out. */
export async function sessionCookie(page: Page): Promise<Cookie | undefined> {
  return (await page.context().cookies()).find((cookie) => cookie.name === SESSION_COOKIE);
}
