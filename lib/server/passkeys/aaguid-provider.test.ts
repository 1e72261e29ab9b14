import { describe, expect, it } from "vitest";
import { defaultPasskeyName, describeProvider, providerForAaguid, ZERO_AAGUID } from "./aaguid";
import { passkeyNameSchema } from "../http/validation";

const UNKNOWN = "12345678-1234-1234-1234-123456789abc";

// From the providers' published metadata (passkey-authenticator-aaguids, FIDO MDS).
const KNOWN: [string, string][] = [
  ["fbfc3007-154e-4ecc-8c0b-6e020557d7bd", "iCloud Keychain"],
  ["dd4ec289-e01d-41c9-bb89-70fa845d4bf2", "iCloud Keychain (Managed)"],
  ["ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4", "Google Password Manager"],
  ["adce0002-35bc-c60a-648b-0b25f1f05503", "Chrome on Mac"],
  ["08987058-cadc-4b81-b6e1-30de50dcbe96", "Windows Hello"],
  ["9ddd1817-af5a-4672-a2b9-3e3dd95000a9", "Windows Hello"],
  ["6028b017-b1d4-4c02-b4b3-afcdafc96bb2", "Windows Hello"],
  ["bada5566-a7aa-401f-bd96-45619a55120d", "1Password"],
  ["d548826e-79b4-db40-a3d8-11116f7e8349", "Bitwarden"],
  ["531126d6-e717-415c-9320-3d9aa6981239", "Dashlane"],
  ["53414d53-554e-4700-0000-000000000000", "Samsung Pass"],
  ["50726f74-6f6e-5061-7373-50726f746f6e", "Proton Pass"],
  ["b84e4048-15dc-4dd0-8640-f4f60813c8af", "NordPass"],
  ["0ea242b4-43c4-4a1b-8b17-dd6d0b6baec6", "Keeper"],
  ["cb69481e-8ff7-4039-93ec-0a2729a154a8", "YubiKey 5 Series"],
  ["ee882879-721c-4913-9775-3dfcce97072a", "YubiKey 5 Series"],
  ["fa2b99dc-9e39-4257-8f92-4a30d23c4118", "YubiKey 5 Series with NFC"],
  ["2fc0579f-8113-47ea-b116-bb5a8db9202a", "YubiKey 5 Series with NFC"],
];

describe("providerForAaguid", () => {
  it.each(KNOWN)("names %s as %j, in either case", (aaguid, provider) => {
    expect(providerForAaguid(aaguid)).toBe(provider);
    expect(providerForAaguid(aaguid.toUpperCase())).toBe(provider);
  });

  it("does not guess from a near miss: one changed digit is unknown", () => {
    expect(providerForAaguid("fbfc3007-154e-4ecc-8c0b-6e020557d7be")).toBeNull();
    expect(providerForAaguid("")).toBeNull();
  });
});

describe("describeProvider", () => {
  it.each(KNOWN)("shows the provider of %s (%j) whatever the transports say", (aaguid, provider) => {
    expect(describeProvider({ aaguid, transports: ["usb"], attachment: "cross-platform" })).toBe(provider);
    expect(describeProvider({ aaguid, transports: [], attachment: null })).toBe(provider);
  });

  it.each([
    [ZERO_AAGUID, ["internal"], null, "This device's built-in authenticator"],
    [UNKNOWN, [], "platform", "This device's built-in authenticator"],
    [ZERO_AAGUID, ["hybrid"], null, "A phone or tablet"],
    [ZERO_AAGUID, ["hybrid"], undefined, "A phone or tablet"],
    [ZERO_AAGUID, ["hybrid", "internal"], "cross-platform", "A phone or tablet"],
    [ZERO_AAGUID, ["hybrid", "internal"], "platform", "This device's built-in authenticator"],
    [ZERO_AAGUID, ["usb"], "cross-platform", "A security key"],
    [UNKNOWN, ["nfc"], null, "A security key"],
    [ZERO_AAGUID, ["ble", "usb"], undefined, "A security key"],
    [ZERO_AAGUID, [], null, "Unknown provider"],
    [UNKNOWN, ["smart-card"], "cross-platform", "Unknown provider"],
  ] as const)("falls back for AAGUID %s, transports %j, attachment %s to %j", (aaguid, transports, attachment, expected) => {
    expect(describeProvider({ aaguid, transports: [...transports], attachment })).toBe(expected);
  });
});

describe("defaultPasskeyName and describeProvider", () => {
  // The list shows "name — provider"; both must reach the same conclusion from the same facts.
  const pairs: Record<string, string> = {
    "Passkey on this device": "This device's built-in authenticator",
    "Passkey on a phone or tablet": "A phone or tablet",
    "Security key": "A security key",
    Passkey: "Unknown provider",
  };
  const transportSets = [[], ["internal"], ["hybrid"], ["hybrid", "internal"], ["usb"], ["nfc"], ["ble"], ["internal", "usb"], ["smart-card"]];
  const attachments = [undefined, "platform", "cross-platform"] as const;

  it("agree on every fallback combination of transports and attachment", () => {
    for (const transports of transportSets) {
      for (const attachment of attachments) {
        const name = defaultPasskeyName({ aaguid: ZERO_AAGUID, transports, attachment });
        const context = JSON.stringify({ transports, attachment });
        expect(pairs[name], context).toBeDefined();
        expect(describeProvider({ aaguid: ZERO_AAGUID, transports, attachment }), context).toBe(pairs[name]);
      }
    }
  });

  it("only produce names a person could also type when renaming", () => {
    const names = [...KNOWN.map(([, provider]) => provider), ...Object.keys(pairs)];
    for (const name of names) expect(passkeyNameSchema.parse(name)).toBe(name);
  });
});
