import type { Page } from "@playwright/test";

// WebAuthn ceremonies run by the page itself, for tests that talk to a site's API directly
// (or to no site at all): options and results travel as the WebAuthn JSON forms
// (`PublicKeyCredential.parse…OptionsFromJSON`, `toJSON()`), which servers such as
// @simplewebauthn/server produce and verify. The page's virtual authenticators answer.

/** A credential's response in its JSON form, as `PublicKeyCredential.toJSON()` returns it. */
export type CredentialJSON = ReturnType<PublicKeyCredential["toJSON"]>;

/** Runs `navigator.credentials.create` on `page` with registration options JSON; returns the response JSON. */
export function createCredentialInPage(page: Page, options: PublicKeyCredentialCreationOptionsJSON): Promise<CredentialJSON> {
  return page.evaluate(async (json) => {
    const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(json);
    const credential = (await navigator.credentials.create({ publicKey })) as PublicKeyCredential;
    return credential.toJSON();
  }, options);
}

/** Runs `navigator.credentials.get` on `page` with authentication options JSON; returns the response JSON. */
export function getCredentialInPage(page: Page, options: PublicKeyCredentialRequestOptionsJSON): Promise<CredentialJSON> {
  return page.evaluate(async (json) => {
    const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(json);
    const credential = (await navigator.credentials.get({ publicKey })) as PublicKeyCredential;
    return credential.toJSON();
  }, options);
}
