// PASSKEY_POLICY, ALLOWED_AAGUIDS and METADATA_DIR: a deployment policy that can't work stops the
// server at boot with a message saying what to fix.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadEnv, type AppEnv } from "./env";
import { createAttestationCa, metadataStatement, writeMetadataDir } from "../../testing/attestation-ca";

const AAGUID = "4c0d4e2a-1b7f-4d6e-9a55-0a1b2c3d4e5f";
const BASE = { NODE_ENV: "test", AUTH_SECRET: "s".repeat(32) } as const;
let statement: Record<string, unknown>;
let metadataDir: string;

beforeAll(async () => {
  statement = metadataStatement(AAGUID, await createAttestationCa());
  metadataDir = writeMetadataDir([statement]);
});

function load(variables: Record<string, string>): AppEnv {
  return loadEnv({ ...BASE, ...variables });
}

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "portal-metadata-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

describe("PASSKEY_POLICY", () => {
  it('defaults to "any", which needs no metadata', () => {
    expect(load({}).passkeyPolicy).toEqual({ kind: "any" });
  });

  it("loads the statements for device-bound, and the lowercased list for allow-list", () => {
    const deviceBound = load({ PASSKEY_POLICY: "device-bound", METADATA_DIR: metadataDir }).passkeyPolicy;
    expect(deviceBound).toMatchObject({ kind: "device-bound", statements: [{ aaguid: AAGUID }] });
    const allowList = load({ PASSKEY_POLICY: "allow-list", METADATA_DIR: metadataDir, ALLOWED_AAGUIDS: ` ${AAGUID.toUpperCase()} ,` }).passkeyPolicy;
    expect(allowList).toMatchObject({ kind: "allow-list", allowedAaguids: [AAGUID] });
  });

  it.each([
    [{ PASSKEY_POLICY: "strict" }, 'PASSKEY_POLICY must be "any", "device-bound" or "allow-list"'],
    [{ PASSKEY_POLICY: "device-bound" }, "PASSKEY_POLICY=device-bound needs METADATA_DIR"],
    [{ ALLOWED_AAGUIDS: AAGUID }, "ALLOWED_AAGUIDS is only used with PASSKEY_POLICY=allow-list"],
    [{ PASSKEY_POLICY: "allow-list", METADATA_DIR: "DIR" }, "PASSKEY_POLICY=allow-list needs ALLOWED_AAGUIDS"],
    [{ PASSKEY_POLICY: "allow-list", METADATA_DIR: "DIR", ALLOWED_AAGUIDS: `${AAGUID},yubikey` }, "ALLOWED_AAGUIDS has entries that are not UUIDs: yubikey"],
    [
      { PASSKEY_POLICY: "allow-list", METADATA_DIR: "DIR", ALLOWED_AAGUIDS: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d" },
      "ALLOWED_AAGUIDS lists 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d, but METADATA_DIR has no metadata statement for it",
    ],
  ])("refuses %o", (variables, message) => {
    const resolved = Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, value === "DIR" ? metadataDir : value]));
    expect(() => load(resolved)).toThrow(message);
  });

  it("refuses a METADATA_DIR that can't be read or holds no usable statement, naming the file", () => {
    const policy = { PASSKEY_POLICY: "device-bound" };
    const missing = path.join(tmpdir(), "portal-no-such-metadata-dir");
    expect(() => load({ ...policy, METADATA_DIR: missing })).toThrow(`METADATA_DIR "${missing}" is not a readable folder`);
    expect(() => load({ ...policy, METADATA_DIR: dirWith({ "readme.txt": "hi" }) })).toThrow("holds no metadata statements (*.json files)");
    expect(() => load({ ...policy, METADATA_DIR: dirWith({ "key.json": "{ not json" }) })).toThrow("METADATA_DIR: key.json is not valid JSON");
    expect(() => load({ ...policy, METADATA_DIR: dirWith({ "key.json": JSON.stringify({ ...statement, aaguid: undefined }) }) })).toThrow(
      "METADATA_DIR: key.json is not a FIDO2 metadata statement (aaguid:",
    );
    // No trust anchor would make @simplewebauthn/server skip path validation: every chain would pass.
    expect(() => load({ ...policy, METADATA_DIR: dirWith({ "key.json": JSON.stringify({ ...statement, attestationRootCertificates: [] }) }) })).toThrow(
      "attestationRootCertificates is empty",
    );
    expect(() => load({ ...policy, METADATA_DIR: dirWith({ "key.json": JSON.stringify({ ...statement, attestationRootCertificates: ["bm90IGEgY2VydA=="] }) }) })).toThrow(
      "key.json: attestationRootCertificates[0] is not a base64 DER certificate",
    );
    const twice = JSON.stringify(statement);
    expect(() => load({ ...policy, METADATA_DIR: dirWith({ "a.json": twice, "b.json": twice }) })).toThrow(`two statements for AAGUID ${AAGUID}`);
  });
});
