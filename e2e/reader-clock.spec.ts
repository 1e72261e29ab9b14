import type { Cookie, Locator, Page } from "@playwright/test";
import { utcTimeFallback } from "../lib/shared/local-time";
import { formatRelative } from "../lib/shared/relative-time";
import { createAuthenticators, expect, test as base, uniqueClientIp } from "./fixtures";
import { generateRecoveryCodes } from "./pages/recovery";
import { signUp } from "./pages/sign-up";
import { expectReadersClock } from "./reader-time";

// Readers whose own clock stands where dates go wrong: a new year that UTC has not reached yet,
// the last minute of a leap February, the hour that repeats when the clocks go back. Playwright's
// clock sets the browser's time only; the server (and so every stored time) keeps the real one.
// Every page must show exact times on the reader's clock (their zone and locale, formatted by
// their browser), say how long ago by the server's clock alone, and hydrate without an error.
// English readers, since a browser's language picks the page's (e2e/german.spec.ts reads German
// ones); each locale is a variant that writes dates unlike the server's en-US ("3 Dec 2026").
const READERS = [
  { label: "1 January 00:00:30 in Berlin, still the old year in UTC", timezoneId: "Europe/Berlin", locale: "en-GB", time: "2026-12-31T23:00:30Z" },
  { label: "29 February 23:59:30 in Tokyo", timezoneId: "Asia/Tokyo", locale: "en-AU", time: "2028-02-29T14:59:30Z" },
  { label: "the repeated 01:30 in New York, after the clocks went back", timezoneId: "America/New_York", locale: "en-IN", time: "2026-11-01T06:30:00Z" },
] as const;

// One account (with recovery codes) per worker, signed up once and viewed by every reader.
const test = base.extend<object, { accountCookies: Cookie[] }>({
  accountCookies: [
    async ({ browser }, use) => {
      const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": uniqueClientIp() } });
      const page = await context.newPage();
      const { authenticators, dispose } = createAuthenticators(page);
      await authenticators.add();
      await signUp(page);
      await generateRecoveryCodes(page);
      const cookies = await context.cookies();
      await dispose();
      await context.close();
      await use(cookies);
    },
    { scope: "worker" },
  ],
});

/** Errors the page reports: uncaught ones and console errors, where React logs a failed hydration. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
}

/** Opens `path`, noting the real time before and after: the server's "now" for the page lies between. */
async function open(page: Page, path: string): Promise<{ from: Date; to: Date }> {
  const from = new Date();
  await page.goto(path);
  await expect(page.getByRole("main")).toBeVisible();
  return { from, to: new Date() };
}

/** The relative text is the server's: elapsed until its "now", whatever the reader's clock says. */
async function expectElapsedByServerClock(time: Locator, server: { from: Date; to: Date }): Promise<void> {
  const at = new Date((await time.getAttribute("datetime")) ?? "");
  const possible = [...new Set([formatRelative(at, server.from), formatRelative(at, server.to)])];
  expect(possible).toContain(await time.innerText());
}

for (const reader of READERS) {
  test.describe(`a reader at ${reader.label}`, () => {
    test.use({ timezoneId: reader.timezoneId, locale: reader.locale });

    test("sees every time on their own clock and every page hydrates cleanly", async ({ page, context, accountCookies }) => {
      const errors = collectErrors(page);
      await context.addCookies(accountCookies);
      await page.clock.setFixedTime(reader.time);

      let server = await open(page, "/account/passkeys");
      expect(await page.evaluate(() => new Date().toISOString())).toBe(new Date(reader.time).toISOString());
      const created = page.getByRole("main").getByRole("listitem").first().locator("dt:text-is('Created') + dd time");
      await expectReadersClock(page, created, "title");
      await expectElapsedByServerClock(created, server);

      server = await open(page, "/account/sessions");
      const signedIn = page.getByRole("main").getByRole("listitem").first().locator("dt:text-is('Signed in:') + dd time");
      await expectReadersClock(page, signedIn, "title");
      await expectElapsedByServerClock(signedIn, server);

      await open(page, "/account/activity");
      const latest = page.getByRole("list", { name: "Security events" }).getByRole("listitem").first().locator("time");
      await expectReadersClock(page, latest, "text");
      // Before the browser takes over, the server shows UTC, whatever its own zone.
      const html = await (await page.request.get("/account/activity")).text();
      expect(html).toContain(utcTimeFallback((await latest.getAttribute("datetime")) ?? ""));

      await open(page, "/account/recovery");
      await expect(page.getByRole("main")).toContainText("10 of 10 recovery codes left. Created ");
      await expectReadersClock(page, page.getByRole("main").locator("p time"), "text", "date");

      expect(errors).toEqual([]);
    });
  });
}
