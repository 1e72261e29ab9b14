import type { BrowserContext, Page } from "@playwright/test";

/**
 * Makes `PublicKeyCredential.getClientCapabilities()` on every page of `target` report `changes`
 * over what the browser reports, as a browser without those features would. Applies from the
 * next document loaded: call it before `page.goto`.
 */
export async function reportClientCapabilities(target: BrowserContext | Page, changes: Record<string, boolean>): Promise<void> {
  await target.addInitScript((overrides: Record<string, boolean>) => {
    if (typeof PublicKeyCredential === "undefined") return;
    const withCapabilities = PublicKeyCredential as unknown as { getClientCapabilities?: () => Promise<Record<string, boolean>> };
    const original = withCapabilities.getClientCapabilities?.bind(PublicKeyCredential);
    if (!original) return;
    Object.defineProperty(PublicKeyCredential, "getClientCapabilities", {
      configurable: true,
      value: async () => ({ ...(await original()), ...overrides }),
    });
  }, changes);
}
