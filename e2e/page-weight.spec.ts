// /signin is the page everyone loads, often on a phone: its own script stays within 10 KB gzip
// of a bare page of the same build (issue 10). Measured on the running e2e server, no second build.
import { formatPageWeight, measurePageWeight, scriptSources, SIGNIN_EXTRA_GZIP_BUDGET } from "../scripts/page-weight";
import { expect, test } from "./fixtures";

test.describe("/signin page weight", () => {
  test("loads at most 10 KB gzip of script more than a bare page", async ({ baseURL }) => {
    const weight = await measurePageWeight(baseURL ?? "");
    await test.info().attach("page-weight.txt", { body: formatPageWeight(weight), contentType: "text/plain" });

    // A page that listed no scripts at all would pass the budget: make sure the form's own chunk was seen.
    expect(weight.bare.chunks.length).toBeGreaterThan(0);
    expect(weight.extraChunks.length).toBeGreaterThan(0);
    expect(weight.extraGzipBytes, formatPageWeight(weight)).toBeLessThanOrEqual(SIGNIN_EXTRA_GZIP_BUDGET);
  });

  test("a first visit fetches no script beyond those its HTML lists", async ({ page }) => {
    // The measurement above reads the HTML; a chunk imported at load time would escape it.
    const fetched: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") fetched.push(new URL(request.url()).pathname);
    });
    // Autofill asks for its challenge once the form has hydrated and run its effects.
    const autofillStarted = page.waitForRequest((request) => new URL(request.url()).pathname === "/api/session/sign-in/options");
    const response = await page.goto("/signin");
    const listed = scriptSources((await response?.text()) ?? "");
    await autofillStarted;

    expect(listed.length).toBeGreaterThan(0);
    expect(fetched.filter((path) => !listed.includes(path))).toEqual([]);
  });
});
