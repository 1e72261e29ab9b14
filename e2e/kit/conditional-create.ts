import type { BrowserContext, Page } from "@playwright/test";
import { reportClientCapabilities } from "./client-capabilities";

/**
 * Makes every page of `target` behave like a browser without automatic passkey creation:
 * `getClientCapabilities()` reports `conditionalCreate: false`. A page that checks it then never
 * asks for a conditional create. Applies from the next document loaded: call it before `page.goto`.
 */
export function disableConditionalCreate(target: BrowserContext | Page): Promise<void> {
  return reportClientCapabilities(target, { conditionalCreate: false });
}

/**
 * Lets the page's virtual authenticator answer a conditional create
 * (`navigator.credentials.create({ mediation: "conditional" })`) as it answers any other create:
 * at once, with no click. Applies from the next document loaded: call it before `page.goto`.
 *
 * Why tests need it: Chromium 156 reports `conditionalCreate: true`, but its virtual environment
 * never completes one. With `WebAuthn.enable` alone the request stays pending for good; with
 * `enableUI: true` it is refused at once (NotAllowedError), as Google Password Manager refuses
 * one without a recently used saved password. This stands in for a passkey provider that
 * accepts. The authenticator still reports user presence and verification, which a real
 * conditional create usually leaves unset: test the server's handling of those flags at the API level.
 */
export async function answerConditionalCreate(target: BrowserContext | Page): Promise<void> {
  await target.addInitScript(() => {
    if (typeof navigator === "undefined" || !navigator.credentials) return;
    const create = navigator.credentials.create.bind(navigator.credentials);
    // `mediation` on create() is newer than TypeScript's DOM types.
    navigator.credentials.create = (options?: CredentialCreationOptions & { mediation?: string }) => {
      if (options?.mediation !== "conditional") return create(options);
      const { mediation: _conditional, ...modal } = options;
      return create(modal);
    };
  });
}
