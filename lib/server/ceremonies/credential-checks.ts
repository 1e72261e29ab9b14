import "server-only";
import { createPublicKey, type JsonWebKey } from "node:crypto";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { cose, decodeCredentialPublicKey, isoBase64URL } from "@simplewebauthn/server/helpers";
import { UserFacingError } from "../platform/errors";
import { MAX_CREDENTIAL_ID_BYTES } from "../http/validation";

// Checks @simplewebauthn/server leaves to the relying party. Each refuses a new passkey that
// would be stored but could never sign in, or an assertion WebAuthn says to reject.

const MAX_COUNTER = 0xffffffff;
// FIDO authenticators use 2048-bit RSA keys or larger; anything smaller can be factored.
const MIN_RSA_BITS = 2048;

const UNUSABLE_PASSKEY = "unusablePasskey";

/** The credential @simplewebauthn/server read from the authenticator data at registration. */
export interface NewCredential {
  /** base64url of the credential ID in the authenticator data. */
  id: string;
  /** COSE_Key bytes. */
  publicKey: Uint8Array;
  counter: number;
}

/**
 * Refuses a verified registration whose passkey could never be used (WebAuthn §7.1): a
 * credential ID over 1023 bytes, a response ID that is not the authenticator's credential ID
 * (the browser would look up one ID at sign-in and the database hold another), a signature
 * counter that can never grow again, or a public key that is not a valid key of its type.
 */
export function checkNewCredential(response: RegistrationResponseJSON, credential: NewCredential): void {
  if (isoBase64URL.toBuffer(credential.id).length > MAX_CREDENTIAL_ID_BYTES) {
    throw new UserFacingError(
      "credential_id_too_long",
      "credentialIdTooLong",
    );
  }
  if (response.id !== credential.id || response.rawId !== credential.id) {
    throw new UserFacingError("credential_id_mismatch", UNUSABLE_PASSKEY);
  }
  // Every later signature must carry a higher counter (or 0 for authenticators without one).
  if (credential.counter >= MAX_COUNTER) {
    throw new UserFacingError("counter_exhausted", "counterExhausted");
  }
  if (!isUsablePublicKey(credential.publicKey)) throw new UserFacingError("invalid_public_key", UNUSABLE_PASSKEY);
}

/**
 * WebAuthn §7.2 step 6: when the ceremony did not name the account (a usernameless sign-in,
 * not email-first or a step-up), the response must carry the userHandle, which then has to
 * match the passkey's owner.
 */
export function requireUserHandleIfUsernameless(response: AuthenticationResponseJSON, ceremony: { accountNamed: boolean }): void {
  if (ceremony.accountNamed || response.response.userHandle) return;
  throw new UserFacingError("user_handle_missing", "passkeyNotVerified", 401);
}

const EC_CURVES: Record<number, { name: string; bytes: number; alg: number[] }> = {
  [cose.COSECRV.P256]: { name: "P-256", bytes: 32, alg: [cose.COSEALG.ES256] },
  [cose.COSECRV.P384]: { name: "P-384", bytes: 48, alg: [cose.COSEALG.ES384] },
  [cose.COSECRV.P521]: { name: "P-521", bytes: 66, alg: [cose.COSEALG.ES512] },
};
const RSA_ALGS: number[] = [cose.COSEALG.RS256, cose.COSEALG.RS384, cose.COSEALG.RS512, cose.COSEALG.PS256, cose.COSEALG.PS384, cose.COSEALG.PS512];

/**
 * Whether the COSE key imports as a key of the type its algorithm needs. node:crypto refuses
 * EC points that are not on their curve; Ed25519 keys are checked for length only (OpenSSL
 * takes any 32 bytes); RSA moduli must be at least 2048 bits.
 */
export function isUsablePublicKey(cosePublicKey: Uint8Array): boolean {
  let jwk: JsonWebKey | null;
  try {
    jwk = toJwk(decodeCredentialPublicKey(new Uint8Array(cosePublicKey)) as unknown as Map<number, unknown>);
  } catch {
    return false;
  }
  if (!jwk) return false;
  try {
    const key = createPublicKey({ key: jwk, format: "jwk" });
    return jwk.kty !== "RSA" || (key.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_BITS;
  } catch {
    return false;
  }
}

function toJwk(key: Map<number, unknown>): JsonWebKey | null {
  const kty = key.get(cose.COSEKEYS.kty);
  const alg = key.get(cose.COSEKEYS.alg);
  if (typeof alg !== "number") return null;
  const bytes = (label: number): string | null => {
    const value = key.get(label);
    return value instanceof Uint8Array && value.length > 0 ? isoBase64URL.fromBuffer(new Uint8Array(value)) : null;
  };
  if (kty === cose.COSEKTY.EC2) {
    const curve = EC_CURVES[key.get(cose.COSEKEYS.crv) as number];
    const x = bytes(cose.COSEKEYS.x);
    const y = bytes(cose.COSEKEYS.y);
    if (!curve || !curve.alg.includes(alg) || !x || !y) return null;
    if (isoBase64URL.toBuffer(x).length !== curve.bytes || isoBase64URL.toBuffer(y).length !== curve.bytes) return null;
    return { kty: "EC", crv: curve.name, x, y };
  }
  if (kty === cose.COSEKTY.OKP) {
    const x = bytes(cose.COSEKEYS.x);
    if (key.get(cose.COSEKEYS.crv) !== cose.COSECRV.ED25519 || alg !== cose.COSEALG.EdDSA || !x) return null;
    return isoBase64URL.toBuffer(x).length === 32 ? { kty: "OKP", crv: "Ed25519", x } : null;
  }
  if (kty === cose.COSEKTY.RSA) {
    const n = bytes(cose.COSEKEYS.n);
    const e = bytes(cose.COSEKEYS.e);
    return RSA_ALGS.includes(alg) && n && e ? { kty: "RSA", n, e } : null;
  }
  return null;
}
