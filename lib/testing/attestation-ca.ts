// A locally made attestation CA, the certificates it issues to "security keys" (the software
// authenticator's packed attestation), and the FIDO metadata statement an operator would put in
// METADATA_DIR for them: the deployment policy's tests need no network and no real hardware.
// @peculiar/x509's dependency injection needs the Reflect metadata polyfill loaded first, as @simplewebauthn/server loads it.
import "reflect-metadata";
import { KeyObject, webcrypto } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as x509 from "@peculiar/x509";
import type { PackedAttestationKey } from "./software-authenticator";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ES256 = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
const DAY_MS = 24 * 60 * 60 * 1000;
// id-fido-gen-ce-aaguid: the AAGUID in an attestation certificate, checked against the authenticator data's.
const FIDO_GEN_CE_AAGUID = "1.3.6.1.4.1.45724.1.1.4";

export interface AttestationCa {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
}

function newKeys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]) as Promise<CryptoKeyPair>;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString("hex").replace(/^./, "1");
}

/** A root CA; two made with the same name differ only in their keys, as a forger's would. */
export async function createAttestationCa(name = "Test Vendor Attestation Root"): Promise<AttestationCa> {
  const keys = await newKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `C=US, O=Test Vendor, CN=${name}`,
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + 3650 * DAY_MS),
    signingAlgorithm: ES256,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return { certificate, keys };
}

/** An attestation key with a leaf certificate from `ca` naming `aaguid`, as FIDO's packed format requires of it (§8.2.1). */
export async function issueAttestationKey(ca: AttestationCa, aaguid: string): Promise<PackedAttestationKey> {
  const keys = await newKeys();
  const aaguidBytes = Buffer.from(aaguid.replace(/-/g, ""), "hex");
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: "C=US, O=Test Vendor, OU=Authenticator Attestation, CN=Test Security Key",
    issuer: ca.certificate.subject,
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + 365 * DAY_MS),
    signingAlgorithm: ES256,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      // The extension's value is a DER OCTET STRING holding the 16 AAGUID bytes.
      new x509.Extension(FIDO_GEN_CE_AAGUID, false, Buffer.concat([Buffer.from([0x04, 0x10]), aaguidBytes])),
    ],
  });
  return { privateKey: KeyObject.from(keys.privateKey), x5c: [new Uint8Array(leaf.rawData)] };
}

/** The FIDO2 metadata statement a vendor publishes for its authenticator model, trusting `ca`. */
export function metadataStatement(aaguid: string, ca: AttestationCa, description = "Test Vendor Security Key"): Record<string, unknown> {
  return {
    legalHeader: "Test statement: not from the FIDO Alliance Metadata Service.",
    aaguid,
    description,
    authenticatorVersion: 1,
    protocolFamily: "fido2",
    schema: 3,
    upv: [{ major: 1, minor: 0 }],
    authenticationAlgorithms: ["secp256r1_ecdsa_sha256_raw"],
    publicKeyAlgAndEncodings: ["cose"],
    attestationTypes: ["basic_full"],
    userVerificationDetails: [[{ userVerificationMethod: "passcode_internal" }]],
    keyProtection: ["hardware", "secure_element"],
    matcherProtection: ["on_chip"],
    attachmentHint: ["external", "wired"],
    tcDisplay: [],
    attestationRootCertificates: [Buffer.from(ca.certificate.rawData).toString("base64")],
  };
}

/** A fresh METADATA_DIR holding these statements, one file each. */
export function writeMetadataDir(statements: Record<string, unknown>[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), "portal-metadata-"));
  statements.forEach((statement, index) => writeFileSync(path.join(dir, `statement-${index + 1}.json`), JSON.stringify(statement, null, 2)));
  return dir;
}
