import { describe, expect, it } from "vitest";
import { defaultPasskeyName, providerForAaguid, ZERO_AAGUID } from "./aaguid";

const ICLOUD = "fbfc3007-154e-4ecc-8c0b-6e020557d7bd";
const UNKNOWN = "12345678-1234-1234-1234-123456789abc";

describe("providerForAaguid", () => {
  it("names well-known providers, whatever the case of the AAGUID", () => {
    expect(providerForAaguid(ICLOUD)).toBe("iCloud Keychain");
    expect(providerForAaguid(ICLOUD.toUpperCase())).toBe("iCloud Keychain");
    expect(providerForAaguid("ee882879-721c-4913-9775-3dfcce97072a")).toBe("YubiKey 5 Series");
  });

  it("knows nothing about the all-zero or an unlisted AAGUID", () => {
    expect(providerForAaguid(ZERO_AAGUID)).toBeNull();
    expect(providerForAaguid(UNKNOWN)).toBeNull();
  });
});

describe("defaultPasskeyName", () => {
  it("prefers the provider's name over what the transports suggest", () => {
    expect(defaultPasskeyName({ aaguid: ICLOUD, transports: ["usb"], attachment: "cross-platform" })).toBe("iCloud Keychain");
  });

  it.each([
    [ZERO_AAGUID, ["internal"], undefined, "Passkey on this device"],
    [UNKNOWN, [], "platform", "Passkey on this device"],
    [ZERO_AAGUID, ["hybrid"], "cross-platform", "Passkey on a phone or tablet"],
    [ZERO_AAGUID, ["hybrid", "internal"], "cross-platform", "Passkey on a phone or tablet"],
    [ZERO_AAGUID, ["hybrid", "internal"], "platform", "Passkey on this device"],
    [ZERO_AAGUID, ["usb"], "cross-platform", "Security key"],
    [UNKNOWN, ["nfc"], undefined, "Security key"],
    [ZERO_AAGUID, ["ble"], undefined, "Security key"],
    [ZERO_AAGUID, [], undefined, "Passkey"],
    [UNKNOWN, ["smart-card"], "cross-platform", "Passkey"],
  ] as const)("falls back for AAGUID %s, transports %j, attachment %s to %j", (aaguid, transports, attachment, expected) => {
    expect(defaultPasskeyName({ aaguid, transports: [...transports], attachment })).toBe(expected);
  });
});
