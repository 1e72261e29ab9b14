import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { cose, isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";
import { describe, expect, it } from "vitest";
import { isUsablePublicKey } from "./credential-checks";

type CoseValue = number | Uint8Array;

function coseKey(entries: [number, CoseValue][]): Uint8Array {
  return isoCBOR.encode(new Map<number, CoseValue>(entries) as unknown as Parameters<typeof isoCBOR.encode>[0]);
}

function bytes(base64url: string | undefined): Uint8Array {
  if (!base64url) throw new Error("missing JWK member");
  return new Uint8Array(isoBase64URL.toBuffer(base64url));
}

function ecKey(curve: "P-256" | "P-384" | "P-521", crv: number, alg: number, tamper?: (y: Uint8Array) => void): Uint8Array {
  const jwk = generateKeyPairSync("ec", { namedCurve: curve }).publicKey.export({ format: "jwk" });
  const y = bytes(jwk.y);
  tamper?.(y);
  return coseKey([
    [cose.COSEKEYS.kty, cose.COSEKTY.EC2],
    [cose.COSEKEYS.alg, alg],
    [cose.COSEKEYS.crv, crv],
    [cose.COSEKEYS.x, bytes(jwk.x)],
    [cose.COSEKEYS.y, y],
  ]);
}

function rsaKey(publicKey: KeyObject, alg: number = cose.COSEALG.RS256): Uint8Array {
  const jwk = publicKey.export({ format: "jwk" });
  return coseKey([
    [cose.COSEKEYS.kty, cose.COSEKTY.RSA],
    [cose.COSEKEYS.alg, alg],
    [cose.COSEKEYS.n, bytes(jwk.n)],
    [cose.COSEKEYS.e, bytes(jwk.e)],
  ]);
}

function ed25519Key(x: Uint8Array): Uint8Array {
  return coseKey([
    [cose.COSEKEYS.kty, cose.COSEKTY.OKP],
    [cose.COSEKEYS.alg, cose.COSEALG.EdDSA],
    [cose.COSEKEYS.crv, cose.COSECRV.ED25519],
    [cose.COSEKEYS.x, x],
  ]);
}

const flipLastBit = (y: Uint8Array): void => {
  y[y.length - 1] ^= 1;
};

describe("isUsablePublicKey", () => {
  it.each([
    ["P-256", cose.COSECRV.P256, cose.COSEALG.ES256],
    ["P-384", cose.COSECRV.P384, cose.COSEALG.ES384],
    ["P-521", cose.COSECRV.P521, cose.COSEALG.ES512],
  ] as const)("accepts a %s key and refuses one whose point is off the curve", (curve, crv, alg) => {
    expect(isUsablePublicKey(ecKey(curve, crv, alg))).toBe(true);
    expect(isUsablePublicKey(ecKey(curve, crv, alg, flipLastBit))).toBe(false);
  });

  it("refuses an EC key whose curve does not match its algorithm or whose coordinates have the wrong length", () => {
    expect(isUsablePublicKey(ecKey("P-256", cose.COSECRV.P256, cose.COSEALG.ES384))).toBe(false);
    expect(isUsablePublicKey(ecKey("P-384", cose.COSECRV.P256, cose.COSEALG.ES256))).toBe(false);
  });

  it("accepts an Ed25519 key of 32 bytes and refuses other lengths", () => {
    const jwk = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" });
    expect(isUsablePublicKey(ed25519Key(bytes(jwk.x)))).toBe(true);
    expect(isUsablePublicKey(ed25519Key(new Uint8Array(31)))).toBe(false);
  });

  it("accepts a 2048-bit RSA key and refuses a 1024-bit one", () => {
    expect(isUsablePublicKey(rsaKey(generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey))).toBe(true);
    expect(isUsablePublicKey(rsaKey(generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey))).toBe(false);
    expect(isUsablePublicKey(rsaKey(generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey, cose.COSEALG.ES256))).toBe(false);
  });

  it.each([
    ["bytes that are not CBOR", new Uint8Array([0xff, 0x00, 0x13])],
    ["an empty map", coseKey([])],
    ["a key without an algorithm", coseKey([[cose.COSEKEYS.kty, cose.COSEKTY.EC2]])],
    ["an unknown key type", coseKey([[cose.COSEKEYS.kty, 99], [cose.COSEKEYS.alg, cose.COSEALG.ES256]])],
    ["an EC key without coordinates", coseKey([[cose.COSEKEYS.kty, cose.COSEKTY.EC2], [cose.COSEKEYS.alg, cose.COSEALG.ES256], [cose.COSEKEYS.crv, cose.COSECRV.P256]])],
  ])("refuses %s", (_label, key) => {
    expect(isUsablePublicKey(key)).toBe(false);
  });
});
