import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signOut } from "./pages/account";
import { signUp } from "./pages/sign-up";
import { sessionCookie } from "./session-cookie";

const FORBIDDEN_ORIGIN = { error: "This request did not come from this site.", code: "forbidden_origin" };

function expectSecurityHeaders(headers: Record<string, string>): void {
  const csp = headers["content-security-policy"] ?? "";
  const scriptSrc = csp.split(";").map((part) => part.trim()).find((part) => part.startsWith("script-src "));
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(headers["permissions-policy"]).toContain("publickey-credentials-get=(self)");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  // The tests run over plain http, where HSTS must never be sent.
  expect(headers["strict-transport-security"]).toBeUndefined();
}

/** Collects every CSP violation the page reports, across navigations. */
async function recordCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("reportCspViolation", (violation: string) => violations.push(violation));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { reportCspViolation: (v: string) => void }).reportCspViolation;
      void report(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`);
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

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

test.describe("compression", () => {
  test("pages are compressed, API answers are not (they carry challenges, and are too small to gain)", async ({ request, baseURL }) => {
    const page = await request.get("/signin", { headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(page.headers()["content-encoding"]).toBe("gzip");
    const headers = { "accept-encoding": "gzip, deflate, br", origin: baseURL! };
    const options = await request.post("/api/session/sign-in/options", { headers, data: {} });
    expect(options.status()).toBe(200);
    expect(options.headers()["content-encoding"]).toBeUndefined();
    expect((await options.json()).challenge).toEqual(expect.any(String));
  });
});

test.describe("content security policy", () => {
  test("every page carries a nonce CSP and the hardening headers, with a fresh nonce each time", async ({ page, authenticators }) => {
    const nonces = new Set<string>();
    for (const path of ["/signin", "/signup", "/signin"]) {
      const response = await page.goto(path);
      expectSecurityHeaders(response!.headers());
      nonces.add(/'nonce-([^']+)'/.exec(response!.headers()["content-security-policy"])![1]);
    }
    expect(nonces.size).toBe(3);

    await authenticators.add();
    await signUp(page);
    for (const path of ["/account", "/account/passkeys"]) {
      const response = await page.goto(path);
      expect(response?.url()).toMatch(new RegExp(`${path}$`));
      expectSecurityHeaders(response!.headers());
    }
  });

  test("pages render per request, so even the 404 page's scripts carry that request's nonce", async ({ page }) => {
    for (const path of ["/signin", "/no-such-page"]) {
      const response = await page.goto(path);
      expectSecurityHeaders(response!.headers());
      const nonce = /'nonce-([^']+)'/.exec(response!.headers()["content-security-policy"])![1];
      const scripts = await page.evaluate(() => Array.from(document.scripts, (script) => script.nonce));
      expect(scripts.length).toBeGreaterThan(0);
      expect(scripts).toEqual(scripts.map(() => nonce));
    }
  });

  test("signing up and signing in run without a single CSP violation", async ({ page, authenticators }) => {
    const violations = await recordCspViolations(page);
    await authenticators.add();
    const user = await signUp(page);
    await page.goto("/account/passkeys");
    await expect(page.getByRole("button", { name: "Add a passkey" })).toBeEnabled();
    await page.goto("/account");

    // Autofill signs straight back in: the sign-in page's script ran under the CSP.
    await signOut(page);
    await expect(page).toHaveURL("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
    expect(violations).toEqual([]);
  });

  test("injected markup cannot run script, and the violation is reported", async ({ page }) => {
    const violations = await recordCspViolations(page);
    await page.goto("/signin");
    // The classic XSS payload: markup with an inline event handler reaching the DOM.
    await page.evaluate(() => {
      document.body.insertAdjacentHTML("beforeend", `<img src="/no-such-image" onerror="document.body.dataset.injected = 'ran'">`);
    });
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(violations.join("\n")).toContain("script-src");
    expect(await page.evaluate(() => document.body.dataset.injected)).toBeUndefined();
  });
});

test.describe("cross-site requests", () => {
  for (const path of ["/api/auth/signout", "/api/session/sign-in/options"]) {
    test(`a POST to ${path} from another site is refused`, async ({ page, baseURL }) => {
      const foreign = await page.request.post(path, { headers: { origin: "https://evil.example" }, data: {} });
      expect(foreign.status()).toBe(403);
      expect(await foreign.json()).toEqual(FORBIDDEN_ORIGIN);

      const noOrigin = await page.request.post(path, { headers: { "sec-fetch-site": "cross-site" }, data: {} });
      expect(noOrigin.status()).toBe(403);

      // The same request from the portal's own origin gets past the check.
      const own = await page.request.post(path, { headers: { origin: baseURL! }, data: {}, maxRedirects: 0 });
      expect(own.status()).not.toBe(403);
    });
  }

  test("a cross-site POST cannot sign the person out", async ({ page, authenticators }) => {
    await authenticators.add();
    const user = await signUp(page);
    const csrf = await page.request.get("/api/auth/csrf");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };

    const response = await page.request.post("/api/auth/signout", {
      headers: { origin: "https://evil.example" },
      form: { csrfToken },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    await page.goto("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(user.name);
  });
});
