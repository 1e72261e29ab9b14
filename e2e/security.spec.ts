import { expect, sessionCookie, signUp, test } from "./fixtures";

test.describe("security headers and cookies", () => {
  for (const path of ["/signin", "/signup"]) {
    test(`${path} may not be framed by any site`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      const headers = response!.headers();
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(headers["x-frame-options"]).toBe("DENY");
    });
  }

  test("the browser refuses to show the sign-in page in a frame", async ({ page }) => {
    await page.goto("/signup");
    const framed = page.waitForEvent("framenavigated", (frame) => frame !== page.mainFrame());
    await page.evaluate(() => {
      const frame = document.createElement("iframe");
      frame.src = "/signin";
      document.body.append(frame);
    });
    // Chromium replaces a refused frame with its error page instead of loading /signin.
    const frame = await framed;
    expect(frame.url()).not.toContain("/signin");
    await expect(page.frameLocator("iframe").getByRole("heading", { name: "Sign in" })).toHaveCount(0);
  });

  test("the session cookie is HttpOnly and SameSite=Lax", async ({ page, authenticators }) => {
    await authenticators.add();
    await signUp(page);

    const session = await sessionCookie(page);
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(await page.evaluate(() => document.cookie)).not.toContain("portal.session");
  });
});
