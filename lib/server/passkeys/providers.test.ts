import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import generated from "./aaguid-data.json";
import { ZERO_AAGUID } from "./aaguid";
import { BRANDS, brandSlugFor, FALLBACK_ICONS } from "./provider-brands";
import { DEVICE_BOUND_SENTENCE, providerDetails, SYNC_FACTS, syncSentence, UNKNOWN_PROVIDER_SENTENCE } from "./providers";

const APPLE = "fbfc3007-154e-4ecc-8c0b-6e020557d7bd";
const GOOGLE = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4";
const NORDPASS = "b84e4048-15dc-4dd0-8640-f4f60813c8af";
const WINDOWS_HELLO = "08987058-cadc-4b81-b6e1-30de50dcbe96";
const YUBIKEY = "ee882879-721c-4913-9775-3dfcce97072a";
const UNKNOWN = "12345678-1234-1234-1234-123456789abc";

const providerNames = new Set(Object.values(generated.providers));
const publicFile = (url: string): string => path.join(import.meta.dirname, "../../../public", url);

describe("provider icons", () => {
  it("has both files in public/ for every brand and every drawn fallback", () => {
    for (const slug of [...BRANDS.map((brand) => brand.slug), ...FALLBACK_ICONS]) {
      for (const scheme of ["light", "dark"]) expect(existsSync(publicFile(`/providers/${slug}-${scheme}.svg`)), `${slug}-${scheme}`).toBe(true);
    }
  });

  it("maps only provider names the AAGUID table has, so an upstream rename shows up here", () => {
    for (const { slug, names, prefixes = [] } of BRANDS) {
      for (const name of names) expect(providerNames.has(name), `${slug}: ${name}`).toBe(true);
      for (const prefix of prefixes) expect([...providerNames].some((name) => name.startsWith(prefix)), `${slug}: ${prefix}`).toBe(true);
    }
  });

  it("gives a brand icon to listed providers and whole product families, and none to others", () => {
    expect(brandSlugFor("Apple Passwords")).toBe("apple");
    expect(brandSlugFor("YubiKey 5 Series with NFC")).toBe("yubico");
    expect(brandSlugFor("Security Key NFC by Yubico - Enterprise Edition")).toBe("yubico");
    expect(brandSlugFor("Google Titan Security Key v2")).toBe("google");
    expect(brandSlugFor("NordPass")).toBeNull();
    expect(brandSlugFor("Windows Hello")).toBeNull();
  });

  it.each([
    [APPLE, [], null, "apple"],
    [YUBIKEY, ["usb"], "cross-platform", "yubico"],
    // Known providers without a brand icon, and unknown ones, get the drawn icon for how they connect.
    [WINDOWS_HELLO, ["internal"], "platform", "device"],
    [NORDPASS, ["hybrid"], "cross-platform", "phone"],
    [ZERO_AAGUID, ["internal"], "platform", "device"],
    [ZERO_AAGUID, ["usb"], "cross-platform", "security-key"],
    [UNKNOWN, [], null, "passkey"],
  ])("%s over %j (%s) shows the %s icon, in light and dark", (aaguid, transports, attachment, slug) => {
    const { icon } = providerDetails({ aaguid, transports, attachment, backupEligible: true });
    expect(icon).toEqual({ light: `/providers/${slug}-light.svg`, dark: `/providers/${slug}-dark.svg` });
    expect(existsSync(publicFile(icon.light)) && existsSync(publicFile(icon.dark))).toBe(true);
  });
});

describe("how a provider syncs", () => {
  it("quotes the provider's own documentation for a synced passkey", () => {
    const { sync } = providerDetails({ aaguid: APPLE, transports: ["internal", "hybrid"], backupEligible: true });
    expect(sync.sentence).toBe(syncSentence(SYNC_FACTS["Apple Passwords"], "en"));
    expect(sync.sentence).toMatch(/^Apple syncs it across your devices with iCloud Keychain/);
    expect(sync.source).toEqual({ url: "https://support.apple.com/102195", publisher: "Apple" });
    expect(providerDetails({ aaguid: GOOGLE, transports: [], backupEligible: true }).sync.source?.publisher).toBe("Google");
  });

  it("says it in the reader's language, brand names unchanged", () => {
    const { sync } = providerDetails({ aaguid: APPLE, transports: ["internal", "hybrid"], backupEligible: true }, "de");
    expect(sync.sentence).toMatch(/^Apple synchronisiert ihn mit dem iCloud-Schlüsselbund/);
    expect(sync.source).toEqual({ url: "https://support.apple.com/102195", publisher: "Apple" });
    expect(providerDetails({ aaguid: APPLE, transports: ["internal"], backupEligible: false }, "de").sync.sentence).toMatch(/^Er wird nicht synchronisiert/);
  });

  it("never says a passkey reported device-bound syncs, whoever its provider is", () => {
    for (const aaguid of [APPLE, GOOGLE, YUBIKEY, UNKNOWN]) {
      expect(providerDetails({ aaguid, transports: ["internal"], backupEligible: false }).sync).toEqual({ sentence: DEVICE_BOUND_SENTENCE, source: null });
    }
  });

  it("says it cannot tell for a synced passkey of an unknown provider, with the fallback icon", () => {
    const details = providerDetails({ aaguid: ZERO_AAGUID, transports: ["internal"], attachment: "platform", backupEligible: true });
    expect(details.sync).toEqual({ sentence: UNKNOWN_PROVIDER_SENTENCE, source: null });
    expect(details.icon.light).toBe("/providers/device-light.svg");
  });

  it("names a known provider it has no documentation for, and links nothing", () => {
    const { sync } = providerDetails({ aaguid: NORDPASS, transports: ["hybrid"], backupEligible: true });
    expect(sync.sentence).toMatch(/^The portal can't tell how NordPass syncs it/);
    expect(sync.source).toBeNull();
  });

  it("has a provider from the AAGUID table, one sentence and an https link of the provider's own for every entry", () => {
    expect(Object.keys(SYNC_FACTS).length).toBeGreaterThanOrEqual(5);
    for (const [provider, fact] of Object.entries(SYNC_FACTS)) {
      const { url, publisher } = fact;
      const sentence = syncSentence(fact, "en");
      expect(providerNames.has(provider), provider).toBe(true);
      expect(new URL(url).protocol, provider).toBe("https:");
      expect(publisher.length, provider).toBeGreaterThan(0);
      expect(sentence.match(/[.!?](\s|$)/g), `${provider}: one sentence`).toHaveLength(1);
    }
  });
});
