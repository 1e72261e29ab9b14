import { describe, expect, it } from "vitest";
import generated from "./aaguid-data.json";
import { defaultPasskeyName, describeProvider, providerForAaguid, ZERO_AAGUID } from "./aaguid";

const APPLE = "fbfc3007-154e-4ecc-8c0b-6e020557d7bd";
const UNKNOWN = "12345678-1234-1234-1234-123456789abc";

describe("providerForAaguid", () => {
  it("names well-known providers, whatever the case of the AAGUID", () => {
    // Apple renamed iCloud Keychain to Apple Passwords (iOS 18, macOS 15); the published list followed.
    expect(providerForAaguid(APPLE)).toBe("Apple Passwords");
    expect(providerForAaguid(APPLE.toUpperCase())).toBe("Apple Passwords");
    expect(providerForAaguid("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4")).toBe("Google Password Manager");
    expect(providerForAaguid("ee882879-721c-4913-9775-3dfcce97072a")).toBe("YubiKey 5 Series");
  });

  it("names every provider in the generated table", () => {
    const providers = Object.entries(generated.providers);
    expect(providers.length).toBeGreaterThan(100);
    for (const [aaguid, provider] of providers) expect(providerForAaguid(aaguid.toUpperCase()), aaguid).toBe(provider);
  });

  it("knows nothing about the all-zero or an unlisted AAGUID", () => {
    expect(providerForAaguid(ZERO_AAGUID)).toBeNull();
    expect(providerForAaguid(UNKNOWN)).toBeNull();
  });
});

describe("defaultPasskeyName", () => {
  it("prefers the provider's name over what the transports suggest", () => {
    expect(defaultPasskeyName({ aaguid: APPLE, transports: ["usb"], attachment: "cross-platform" })).toBe("Apple Passwords");
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

  // "Choose where to save it": the person's choice outranks the guess, never a known provider.
  it.each([
    ["this-device", [], undefined, "Passkey on this device"],
    ["phone-or-tablet", [], undefined, "Passkey on a phone or tablet"],
    ["security-key", [], undefined, "Security key"],
    ["phone-or-tablet", ["internal"], "cross-platform", "Passkey on a phone or tablet"],
  ] as const)("names a passkey saved on %s (transports %j, attachment %s) %j", (placement, transports, attachment, expected) => {
    expect(defaultPasskeyName({ aaguid: UNKNOWN, transports: [...transports], attachment, placement })).toBe(expected);
  });

  it("still prefers a known provider's name over the chosen placement", () => {
    expect(defaultPasskeyName({ aaguid: APPLE, transports: [], placement: "security-key" })).toBe("Apple Passwords");
  });

  it("writes the words in the account's language, never a provider's name", () => {
    expect(defaultPasskeyName({ aaguid: UNKNOWN, transports: ["usb"], locale: "de" })).toBe("Sicherheitsschlüssel");
    expect(defaultPasskeyName({ aaguid: UNKNOWN, transports: ["internal"], locale: "de" })).toBe("Passkey auf diesem Gerät");
    expect(defaultPasskeyName({ aaguid: APPLE, transports: ["internal"], locale: "de" })).toBe("Apple Passwords");
    expect(describeProvider({ aaguid: ZERO_AAGUID, transports: ["hybrid"] }, "de")).toBe("Ein Smartphone oder Tablet");
    expect(describeProvider({ aaguid: ZERO_AAGUID, transports: ["hybrid"] })).toBe("A phone or tablet");
  });
});
