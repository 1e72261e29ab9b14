import { WebAuthnError } from "@simplewebauthn/browser";
import { describe, expect, it } from "vitest";
import { ApiError, GENERIC_FAILURE } from "./api";
import { createTranslator } from "next-intl";
import { messagesFor } from "@/lib/shared/messages";
import { describeFailure, isPromptRefused } from "./failure-message";

// The errors a browser's passkey prompt ends with are DOMExceptions named by the WebAuthn spec.
const browserError = (name: string): DOMException => new DOMException("The operation failed.", name);

const inLanguage = (locale: "en" | "de") => createTranslator({ locale, messages: messagesFor(locale), namespace: "errors" });
const en = inLanguage("en");
const de = inLanguage("de");

describe("describeFailure", () => {
  it("passes the server's own sentence through", () => {
    const refusal = new ApiError("That code has expired. Ask for a new one.", "expired", 400);
    expect(describeFailure(refusal, "confirm", en)).toBe("That code has expired. Ask for a new one.");
  });

  it("words a refused or cancelled prompt for the change it was for", () => {
    const refused = browserError("NotAllowedError");
    expect(describeFailure(refused, "create", en)).toMatch(/^The passkey wasn't created/);
    expect(describeFailure(refused, "get", en)).toMatch(/^Sign-in was cancelled/);
    expect(describeFailure(refused, "confirm", en)).toMatch(/^Nothing was changed/);
  });

  it("says nothing about a prompt the page withdrew itself", () => {
    expect(describeFailure(browserError("AbortError"), "get", en)).toBeNull();
    const aborted = new WebAuthnError({ message: "aborted", code: "ERROR_CEREMONY_ABORTED", cause: browserError("AbortError") });
    expect(describeFailure(aborted, "get", en)).toBeNull();
  });

  it("tells a person whose device already holds a passkey for the account", () => {
    const duplicate = new WebAuthnError({
      message: "registered",
      code: "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED",
      cause: browserError("InvalidStateError"),
    });
    expect(describeFailure(duplicate, "create", en)).toMatch(/^This device already holds a passkey/);
  });

  it("explains a wrong address and an unsuitable authenticator, and falls back for anything else", () => {
    expect(describeFailure(browserError("SecurityError"), "get", en)).toMatch(/can't be used on this address/);
    expect(describeFailure(browserError("NotSupportedError"), "create", en)).toMatch(/can't create the kind of passkey/);
    expect(describeFailure(new TypeError("boom"), "get", en)).toBe("Something went wrong with the passkey. Please try again.");
  });
});

describe("describeFailure in German", () => {
  it("translates this browser's own sentences but passes the server's through", () => {
    expect(describeFailure(browserError("NotAllowedError"), "get", de)).toMatch(/^Die Anmeldung wurde abgebrochen/);
    expect(describeFailure(new ApiError("We couldn't reach the server.", "network", 0), "get", de)).toMatch(/^Wir konnten den Server nicht erreichen/);
    expect(describeFailure(new ApiError(GENERIC_FAILURE, "unknown", 502), "get", de)).toBe("Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.");
    expect(describeFailure(new ApiError("Dieser Code ist abgelaufen.", "expired", 400), "get", de)).toBe("Dieser Code ist abgelaufen.");
  });
});

describe("isPromptRefused", () => {
  it("is true only for the browser's own refusal, never for a server refusal", () => {
    expect(isPromptRefused(browserError("NotAllowedError"))).toBe(true);
    expect(isPromptRefused(Object.assign(new ApiError("No.", "x", 403), { name: "NotAllowedError" }))).toBe(false);
    expect(isPromptRefused(browserError("AbortError"))).toBe(false);
  });
});
