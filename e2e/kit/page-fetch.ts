import type { Page } from "@playwright/test";

/** What a site answered a request made from a page: its status and JSON body (null if none). */
export interface PageAnswer {
  status: number;
  json: unknown;
}

/**
 * A same-origin JSON request sent by `page` itself, as the site's own scripts send it: the
 * browser adds Origin, Sec-Fetch-Site and the cookies, which a request from Playwright's
 * `request` fixture would lack. Relative URLs resolve against the page's address.
 */
export function fetchJsonFromPage(page: Page, method: string, url: string, body?: unknown): Promise<PageAnswer> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const init: RequestInit = { method, headers: { "content-type": "application/json" } };
      if (body !== undefined) init.body = JSON.stringify(body);
      const response = await fetch(url, init);
      return { status: response.status, json: (await response.json().catch(() => null)) as unknown };
    },
    { method, url, body },
  );
}
