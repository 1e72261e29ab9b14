// The /.well-known/ documents as the production server answers them: what browsers
// (WebAuthn related origins) and password managers (Passkey Endpoints) fetch, with no session.
import { expect, test } from "./fixtures";
import { RELATED_ORIGIN } from "./server-settings";

test("serves both well-known documents as public JSON, GET and HEAD only, and the enroll link leads to the passkeys page", async ({ page, baseURL }) => {
  const passkeysPage = `${baseURL}/account/passkeys`;
  const documents = [
    ["/.well-known/webauthn", { origins: [RELATED_ORIGIN] }],
    ["/.well-known/passkey-endpoints", { enroll: passkeysPage, manage: passkeysPage }],
  ] as const;

  for (const [path, document] of documents) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    expect(await response.json()).toEqual(document);
    const headers = response.headers();
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["access-control-allow-origin"]).toBe("*");
    expect(headers["cache-control"]).toBe("public, max-age=3600");
    expect(headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(headers["set-cookie"]).toBeUndefined();

    expect((await page.request.head(path)).status(), `HEAD ${path}`).toBe(200);
    expect((await page.request.post(path, { data: {} })).status(), `POST ${path}`).toBe(405);
  }

  // A password manager's link: a signed-out person signs in first, then lands on the page.
  await page.goto(passkeysPage);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccount%2Fpasskeys$/);
});
