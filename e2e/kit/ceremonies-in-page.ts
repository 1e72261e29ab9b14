import type { Page } from "@playwright/test";

// WebAuthn ceremonies run by the page itself, for tests that talk to a site's API directly
// (or to no site at all): options and results travel as the WebAuthn JSON forms
// (`PublicKeyCredential.parse…OptionsFromJSON`, `toJSON()`), which servers such as
// @simplewebauthn/server produce and verify. The page's virtual authenticators answer.

/** A credential's response in its JSON form, as `PublicKeyCredential.toJSON()` returns it. */
export type CredentialJSON = ReturnType<PublicKeyCredential["toJSON"]>;

type Ceremony =
  | { kind: "create"; options: PublicKeyCredentialCreationOptionsJSON }
  | { kind: "get"; options: PublicKeyCredentialRequestOptionsJSON };

function runInPage(page: Page, ceremony: Ceremony): Promise<CredentialJSON> {
  return page.evaluate(async (ceremony) => {
    const credential =
      ceremony.kind === "create"
        ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(ceremony.options) })
        : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(ceremony.options) });
    return (credential as PublicKeyCredential).toJSON();
  }, ceremony);
}

/** Runs `navigator.credentials.create` on `page` with registration options JSON; returns the response JSON. */
export function createCredentialInPage(page: Page, options: PublicKeyCredentialCreationOptionsJSON): Promise<CredentialJSON> {
  return runInPage(page, { kind: "create", options });
}

/** Runs `navigator.credentials.get` on `page` with authentication options JSON; returns the response JSON. */
export function getCredentialInPage(page: Page, options: PublicKeyCredentialRequestOptionsJSON): Promise<CredentialJSON> {
  return runInPage(page, { kind: "get", options });
}
