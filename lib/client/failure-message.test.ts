import { WebAuthnError } from "@simplewebauthn/browser";
import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import { describeFailure, isPromptRefused } from "./failure-message";

// The errors a browser's passkey prompt ends with are DOMExceptions named by the WebAuthn spec.
const browserError = (name: string): DOMException => new DOMException("The operation failed.", name);

describe("describeFailure", () => {
  it("passes the server's own sentence through", () => {
    const refusal = new ApiError("That code has expired. Ask for a new one.", "expired", 400);
    expect(describeFailure(refusal, "confirm")).toBe("That code has expired. Ask for a new one.");
  });

  it("words a refused or cancelled prompt for the change it was for", () => {
    const refused = browserError("NotAllowedError");
    expect(describeFailure(refused, "create")).toMatch(/^The passkey wasn't created/);
    expect(describeFailure(refused, "get")).toMatch(/^Sign-in was cancelled/);
    expect(describeFailure(refused, "confirm")).toMatch(/^Nothing was changed/);
  });

  it("says nothing about a prompt the page withdrew itself", () => {
    expect(describeFailure(browserError("AbortError"), "get")).toBeNull();
    const aborted = new WebAuthnError({ message: "aborted", code: "ERROR_CEREMONY_ABORTED", cause: browserError("AbortError") });
    expect(describeFailure(aborted, "get")).toBeNull();
  });

  it("tells a person whose device already holds a passkey for the account", () => {
    const duplicate = new WebAuthnError({
      message: "registered",
      code: "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED",
      cause: browserError("InvalidStateError"),
    });
    expect(describeFailure(duplicate, "create")).toMatch(/^This device already holds a passkey/);
  });

  it("explains a wrong address and an unsuitable authenticator, and falls back for anything else", () => {
    expect(describeFailure(browserError("SecurityError"), "get")).toMatch(/can't be used on this address/);
    expect(describeFailure(browserError("NotSupportedError"), "create")).toMatch(/can't create the kind of passkey/);
    expect(describeFailure(new TypeError("boom"), "get")).toBe("Something went wrong with the passkey. Please try again.");
  });
});

describe("isPromptRefused", () => {
  it("is true only for the browser's own refusal, never for a server refusal", () => {
    expect(isPromptRefused(browserError("NotAllowedError"))).toBe(true);
    expect(isPromptRefused(Object.assign(new ApiError("No.", "x", 403), { name: "NotAllowedError" }))).toBe(false);
    expect(isPromptRefused(browserError("AbortError"))).toBe(false);
  });
});
