import { expect, test } from "./fixtures";
import { signUp } from "./pages/sign-up";

// Against the real server: Next.js matches /api/account/passkeys/%ZZ to a dynamic route and fails to
// decode the parameter before any handler runs, answering a plain-text 500. proxy.ts sees the
// request first and answers it in JSON. Only a production server shows where Next fails.
const MALFORMED_PATH = { error: "This address is malformed. Check the link and try again.", code: "malformed_path" };

const PATHS: [string, string][] = [
  ["DELETE", "/api/account/passkeys/%ZZ"],
  ["PATCH", "/api/account/passkeys/%E0%A4%A"],
  ["DELETE", "/api/account/sessions/%ZZ"],
  ["DELETE", "/api/account/sessions/%"],
  ["GET", "/api/auth/%ZZ"],
  ["POST", "/api/auth/callback/%ZZ"],
];

test.describe("malformed percent-encoding in an API path", () => {
  // One sign-up for every path: a sign-up through the page costs more than all the requests.
  test("every such path gets a JSON 400, signed out and signed in", async ({ page, baseURL, authenticators }) => {
    const send = (method: string, path: string) => page.request.fetch(path, { method, headers: { origin: baseURL! }, data: method === "GET" ? undefined : {} });

    for (const [method, path] of PATHS) {
      const signedOut = await send(method, path);
      expect.soft(signedOut.status(), `${method} ${path}, signed out`).toBe(400);
      expect.soft(await signedOut.json(), `${method} ${path}, signed out`).toEqual(MALFORMED_PATH);
      expect.soft(signedOut.headers()["content-security-policy"], `${method} ${path}, signed out`).toContain("frame-ancestors 'none'");
    }

    await authenticators.add();
    await signUp(page);
    for (const [method, path] of PATHS) {
      const signedIn = await send(method, path);
      expect.soft(signedIn.status(), `${method} ${path}, signed in`).toBe(400);
      expect.soft(await signedIn.json(), `${method} ${path}, signed in`).toEqual(MALFORMED_PATH);
    }
  });

  test("gets the same answer when it carries the router's prefetch headers, which skip the proxy on pages", async ({ page, baseURL }) => {
    const prefetchHeaders: Record<string, string>[] = [{ "next-router-prefetch": "1" }, { purpose: "prefetch" }];
    for (const headers of prefetchHeaders) {
      const response = await page.request.delete("/api/account/passkeys/%ZZ", { headers: { origin: baseURL!, ...headers } });
      expect(response.status()).toBe(400);
      expect(await response.json()).toEqual(MALFORMED_PATH);
    }
  });
});
