// The request the immediate prompt makes and the JSON it sends on. Chromium refuses the older
// spelling `mediation: "immediate"` with a TypeError and an allow list with NotAllowedError, so
// both are pinned here; e2e/immediate-sign-in.spec.ts runs the whole ceremony in Chromium.
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { afterEach, describe, expect, it, vi } from "vitest";
import { promptImmediately } from "./immediate-prompt";

const OPTIONS: PublicKeyCredentialRequestOptionsJSON = {
  challenge: "AQIDBA",
  rpId: "localhost",
  timeout: 60_000,
  userVerification: "required",
  allowCredentials: [],
};

const bytes = (...values: number[]): ArrayBuffer => new Uint8Array(values).buffer;

function deviceAnswering(credential: unknown): ReturnType<typeof vi.fn> {
  const get = vi.fn((_request: unknown) => Promise.resolve(credential));
  vi.stubGlobal("navigator", { credentials: { get } });
  return get;
}

const answer = {
  id: "AAEC",
  rawId: bytes(0, 1, 2),
  type: "public-key",
  authenticatorAttachment: "platform",
  response: { authenticatorData: bytes(5), clientDataJSON: bytes(6), signature: bytes(7), userHandle: bytes(8) },
  getClientExtensionResults: () => ({}),
};

describe("promptImmediately", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("asks in immediate UI mode, for any discoverable passkey, with the server's challenge", async () => {
    const get = deviceAnswering(answer);

    await promptImmediately({ ...OPTIONS, allowCredentials: [{ id: "AAEC", type: "public-key" }] });

    const request = get.mock.calls[0][0] as CredentialRequestOptions & { uiMode?: string };
    expect(request.uiMode).toBe("immediate");
    expect(request.mediation).toBeUndefined();
    expect(request.signal).toBeInstanceOf(AbortSignal);
    expect(request.publicKey).not.toHaveProperty("allowCredentials");
    expect(request.publicKey).toMatchObject({ rpId: "localhost", userVerification: "required", timeout: 60_000 });
    expect([...new Uint8Array(request.publicKey?.challenge as ArrayBuffer)]).toEqual([1, 2, 3, 4]);
  });

  it("answers in the JSON the verify route reads", async () => {
    deviceAnswering(answer);

    await expect(promptImmediately(OPTIONS)).resolves.toEqual({
      id: "AAEC",
      rawId: "AAEC",
      type: "public-key",
      authenticatorAttachment: "platform",
      response: { authenticatorData: "BQ", clientDataJSON: "Bg", signature: "Bw", userHandle: "CA" },
      clientExtensionResults: {},
    });
  });

  it("leaves out what the browser did not give", async () => {
    deviceAnswering({ ...answer, authenticatorAttachment: null, response: { ...answer.response, userHandle: null } });

    const json = await promptImmediately(OPTIONS);

    expect(json.authenticatorAttachment).toBeUndefined();
    expect(json.response.userHandle).toBeUndefined();
  });

  it("passes the browser's refusal on (no passkey on this device, or the sheet dismissed)", async () => {
    vi.stubGlobal("navigator", { credentials: { get: () => Promise.reject(new DOMException("none", "NotAllowedError")) } });

    await expect(promptImmediately(OPTIONS)).rejects.toMatchObject({ name: "NotAllowedError" });
  });
});
