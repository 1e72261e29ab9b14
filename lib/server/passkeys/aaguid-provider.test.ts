import { describe, expect, it } from "vitest";
import { defaultPasskeyName, describeProvider, providerForAaguid, ZERO_AAGUID } from "./aaguid";
import { passkeyNameSchema } from "../http/validation";
import generated from "./aaguid-data.json";

const UNKNOWN = "12345678-1234-1234-1234-123456789abc";

// Every provider the portal ships (lib/server/passkeys/aaguid-data.json), so the checks follow the data when it is refreshed.
const KNOWN: [string, string][] = Object.entries(generated.providers);

describe("providerForAaguid", () => {
  it("does not guess from a near miss: one changed digit is unknown", () => {
    expect(providerForAaguid("fbfc3007-154e-4ecc-8c0b-6e020557d7bd")).toBe("Apple Passwords");
    expect(providerForAaguid("fbfc3007-154e-4ecc-8c0b-6e020557d7be")).toBeNull();
    expect(providerForAaguid("")).toBeNull();
  });
});

describe("describeProvider", () => {
  it("shows the provider of every listed AAGUID whatever the transports say", () => {
    expect(KNOWN.length).toBeGreaterThan(100);
    for (const [aaguid, provider] of KNOWN) {
      expect(describeProvider({ aaguid, transports: ["usb"], attachment: "cross-platform" }), aaguid).toBe(provider);
      expect(describeProvider({ aaguid, transports: [], attachment: null }), aaguid).toBe(provider);
    }
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
