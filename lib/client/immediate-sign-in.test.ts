// The decision behind /signin?immediate=1, with the browser's capabilities forced: Chromium's
// virtual authenticators answer immediate requests (e2e/immediate-sign-in.spec.ts), but only a
// browser that reports `immediateGet`, so every other answer a browser may give is covered here.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  IMMEDIATE_SIGN_IN_PATH,
  immediateSignInPossible,
  immediateSignInRequested,
  readClientCapabilities,
  shouldTryImmediateSignIn,
  type ClientCapabilities,
} from "./immediate-sign-in";

const SUPPORTED: ClientCapabilities = { conditionalGet: true, immediateGet: true };

describe("immediateSignInRequested", () => {
  it("is asked for by immediate=1 only", () => {
    expect(immediateSignInRequested("1")).toBe(true);
    for (const value of [undefined, "", "0", "true", "yes", ["1"], ["1", "1"]]) {
      expect(immediateSignInRequested(value), String(value)).toBe(false);
    }
  });

  it("is what the Sign in link asks for", () => {
    const url = new URL(IMMEDIATE_SIGN_IN_PATH, "http://portal.invalid");
    expect(url.pathname).toBe("/signin");
    expect(immediateSignInRequested(url.searchParams.get("immediate") ?? undefined)).toBe(true);
  });
});

describe("shouldTryImmediateSignIn", () => {
  it("tries when asked, the browser reports immediateGet and the person just clicked", () => {
    expect(shouldTryImmediateSignIn({ requested: true, capabilities: SUPPORTED, userActivation: true })).toBe(true);
  });

  it("never tries unless the page was opened with ?immediate=1", () => {
    expect(shouldTryImmediateSignIn({ requested: false, capabilities: SUPPORTED, userActivation: true })).toBe(false);
  });

  it.each<[string, ClientCapabilities | null]>([
    ["reported false", { conditionalGet: true, immediateGet: false }],
    ["missing from the report", { conditionalGet: true, signalUnknownCredential: true }],
    ["no report at all (getClientCapabilities absent or failed)", null],
  ])("does not try when immediateGet is %s", (_, capabilities) => {
    expect(shouldTryImmediateSignIn({ requested: true, capabilities, userActivation: true })).toBe(false);
  });

  it("does not try without user activation, which the browser requires (a typed address, a redirect)", () => {
    expect(shouldTryImmediateSignIn({ requested: true, capabilities: SUPPORTED, userActivation: false })).toBe(false);
  });

  it("tries where the browser does not say whether it has user activation", () => {
    expect(shouldTryImmediateSignIn({ requested: true, capabilities: SUPPORTED, userActivation: undefined })).toBe(true);
  });
});

describe("reading the browser", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function browserWith(getClientCapabilities: (() => Promise<unknown>) | undefined, isActive?: boolean): void {
    vi.stubGlobal("PublicKeyCredential", getClientCapabilities ? { getClientCapabilities } : {});
    vi.stubGlobal("navigator", isActive === undefined ? {} : { userActivation: { isActive } });
  }

  it("reads the capabilities the browser reports", async () => {
    browserWith(() => Promise.resolve(SUPPORTED), true);
    await expect(readClientCapabilities()).resolves.toEqual(SUPPORTED);
    await expect(immediateSignInPossible(true)).resolves.toBe(true);
  });

  it("reads none where getClientCapabilities is absent", async () => {
    browserWith(undefined, true);
    await expect(readClientCapabilities()).resolves.toBeNull();
    await expect(immediateSignInPossible(true)).resolves.toBe(false);
  });

  it("reads none where PublicKeyCredential itself is absent", async () => {
    vi.stubGlobal("PublicKeyCredential", undefined);
    await expect(readClientCapabilities()).resolves.toBeNull();
  });

  it.each<[string, () => Promise<unknown>]>([
    ["rejects", () => Promise.reject(new DOMException("no", "NotSupportedError"))],
    ["throws", () => {
      throw new TypeError("Illegal invocation");
    }],
    ["answers something other than an object", () => Promise.resolve("immediateGet")],
  ])("reads none, quietly, where getClientCapabilities %s", async (_, getClientCapabilities) => {
    browserWith(getClientCapabilities, true);
    await expect(readClientCapabilities()).resolves.toBeNull();
    await expect(immediateSignInPossible(true)).resolves.toBe(false);
  });

  it("does not try where the report lacks immediateGet", async () => {
    browserWith(() => Promise.resolve({ conditionalGet: true }), true);
    await expect(immediateSignInPossible(true)).resolves.toBe(false);
  });

  it("reads user activation from navigator.userActivation", async () => {
    browserWith(() => Promise.resolve(SUPPORTED), false);
    await expect(immediateSignInPossible(true)).resolves.toBe(false);
    browserWith(() => Promise.resolve(SUPPORTED));
    await expect(immediateSignInPossible(true)).resolves.toBe(true);
  });

  it("asks the browser nothing unless the page was opened with ?immediate=1", async () => {
    const getClientCapabilities = vi.fn(() => Promise.resolve(SUPPORTED));
    browserWith(getClientCapabilities, true);
    await expect(immediateSignInPossible(false)).resolves.toBe(false);
    expect(getClientCapabilities).not.toHaveBeenCalled();
  });
});
