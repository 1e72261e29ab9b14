import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { cose, isoBase64URL, isoCBOR, isoUint8Array } from "@simplewebauthn/server/helpers";

/**
 * A software WebAuthn authenticator plus just enough of a "browser" (clientDataJSON, JSON
 * encoding) to drive registration and authentication ceremonies from API tests and load
 * benchmarks. Keys are real P-256 keys, so a real relying party verifies its output.
 */

export interface SoftwareAuthenticatorOptions {
  /** UUID string; the all-zero default is what "none" attestation conventionally carries. */
  aaguid?: string;
  /** BE flag. */
  backupEligible?: boolean;
  /** BS flag. The spec forbids BS without BE; it is not prevented so tests can send it anyway. */
  backedUp?: boolean;
  /** UV flag. Reported as set, whatever the RP asked for, so tests can make the RP refuse it. */
  userVerified?: boolean;
  /** UP flag. */
  userPresent?: boolean;
  transports?: AuthenticatorTransport[];
  attachment?: "platform" | "cross-platform";
  /**
   * The registration's attestation: "none" (the default), "self" (packed, signed by the new
   * credential's own key), or packed signed by an attestation key whose certificate chain is x5c
   * (leaf first), as security keys make it.
   */
  attestation?: "none" | "self" | PackedAttestationKey;
}

/** An attestation key and its certificate chain (DER, leaf first), for "packed" attestation. */
export interface PackedAttestationKey {
  privateKey: KeyObject;
  x5c: Uint8Array[];
}

/**
 * Where the "browser" runs a registration, plus ways to tamper with the one response it makes
 * (for tests of what the relying party must refuse). Each tampering option is off by default.
 */
export interface CreateContext {
  origin: string;
  rpId?: string;
  /** clientDataJSON.crossOrigin: what a browser reports for a ceremony inside a cross-origin frame. */
  crossOrigin?: boolean;
  /** clientDataJSON.topOrigin: the top-level site around such a frame. */
  topOrigin?: string;
  /** Length in bytes of the new credential ID (default 32). WebAuthn allows at most 1023. */
  credentialIdBytes?: number;
  /** Signature counter in the registration's authenticator data (default 0); the next assertion reports one more. */
  signCount?: number;
  /** Reports a P-256 public key whose point is not on the curve (y altered); the credential still signs with the real key. */
  offCurvePublicKey?: boolean;
  /** The response's id and rawId, instead of the credential ID in the authenticator data. */
  responseId?: string;
}

/** Where the "browser" runs an assertion, plus ways to tamper with the response. */
export interface AssertContext {
  origin: string;
  rpId?: string;
  /** Sign with this credential, even one scoped to another RP ID (see pickCredential). */
  credentialId?: string;
  /** clientDataJSON.crossOrigin, as for registration. */
  crossOrigin?: boolean;
  /** clientDataJSON.topOrigin, as for registration. */
  topOrigin?: string;
  /** Leaves response.userHandle out, as an authenticator without a discoverable credential does. */
  omitUserHandle?: boolean;
}

/** The BE and BS bits of authenticator data (WebAuthn §6.1). */
export interface BackupFlags {
  backupEligible?: boolean;
  backedUp?: boolean;
}

export interface StoredCredential {
  /** base64url */
  id: string;
  rpId: string;
  /** base64url: the user.id the RP gave at registration. */
  userHandle: string;
  signCount: number;
}

export interface SoftwareAuthenticator {
  /** Read at every ceremony, so tests may flip flags between ceremonies. */
  options: Required<SoftwareAuthenticatorOptions>;
  credentials(): StoredCredential[];
  /** Sets the stored counter; the next assertion reports signCount + 1. */
  setSignCount(credentialId: string, signCount: number): void;
  /**
   * Changes one credential's backup flags for its later assertions, as a passkey provider does
   * when it starts (or stops) syncing a key after registration; the counterpart of CDP's
   * `WebAuthn.setCredentialProperties`. A flag left out keeps its current value. Once set, the
   * credential's flags no longer follow `options.backupEligible` / `options.backedUp`.
   */
  setBackupFlags(credentialId: string, flags: BackupFlags): void;
  createCredential(options: PublicKeyCredentialCreationOptionsJSON, context: CreateContext): Promise<RegistrationResponseJSON>;
  getAssertion(options: PublicKeyCredentialRequestOptionsJSON, context: AssertContext): Promise<AuthenticationResponseJSON>;
}

type Bytes = ReturnType<typeof isoUint8Array.fromHex>;

interface HeldCredential extends StoredCredential {
  privateKey: KeyObject;
  /** Set by setBackupFlags; until then the authenticator's options decide. */
  backup?: Required<BackupFlags>;
}

// Authenticator data flag bits (WebAuthn §6.1).
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

const DEFAULT_OPTIONS: Required<SoftwareAuthenticatorOptions> = {
  aaguid: "00000000-0000-0000-0000-000000000000",
  backupEligible: false,
  backedUp: false,
  userVerified: true,
  userPresent: true,
  transports: ["internal"],
  attachment: "platform",
  attestation: "none",
};

export function createSoftwareAuthenticator(
  options: SoftwareAuthenticatorOptions = {},
): SoftwareAuthenticator {
  const held = new Map<string, HeldCredential>();
  const authenticator: SoftwareAuthenticator = {
    options: withDefaults(options),

    credentials(): StoredCredential[] {
      return [...held.values()].map(({ id, rpId, userHandle, signCount }) => ({
        id,
        rpId,
        userHandle,
        signCount,
      }));
    },

    setSignCount(credentialId: string, signCount: number): void {
      const credential = held.get(credentialId);
      if (!credential) throw new Error(`Unknown credential ${credentialId}`);
      credential.signCount = signCount;
    },

    setBackupFlags(credentialId: string, flags: BackupFlags): void {
      const credential = held.get(credentialId);
      if (!credential) throw new Error(`Unknown credential ${credentialId}`);
      const current = credential.backup ?? { backupEligible: authenticator.options.backupEligible, backedUp: authenticator.options.backedUp };
      credential.backup = {
        backupEligible: flags.backupEligible ?? current.backupEligible,
        backedUp: flags.backedUp ?? current.backedUp,
      };
    },

    async createCredential(creation, context): Promise<RegistrationResponseJSON> {
      const opts = authenticator.options;
      const rpId = context.rpId ?? creation.rp.id ?? new URL(context.origin).hostname;

      // An empty pubKeyCredParams means "ES256 or RS256" (WebAuthn §5.1.3 step 10).
      const params = creation.pubKeyCredParams;
      if (params.length > 0 && !params.some((p) => p.type === "public-key" && p.alg === cose.COSEALG.ES256)) {
        throw domError("NotSupportedError", "This authenticator only supports ES256 (-7)");
      }
      // A browser reports an excluded credential as InvalidStateError so the RP learns the
      // authenticator is already registered (WebAuthn §6.3.2 step 3).
      const excluded = creation.excludeCredentials ?? [];
      if (excluded.some((d) => held.get(d.id)?.rpId === rpId)) {
        throw domError("InvalidStateError", "The authenticator already holds an excluded credential");
      }

      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      const credentialId = toBytes(randomBytes(context.credentialIdBytes ?? 32));
      const id = isoBase64URL.fromBuffer(credentialId);
      const signCount = context.signCount ?? 0;
      held.set(id, { id, rpId, userHandle: creation.user.id, signCount, privateKey });

      const jwk = publicKey.export({ format: "jwk" });
      if (!jwk.x || !jwk.y) throw new Error("P-256 public key export lost its coordinates");
      const y = isoBase64URL.toBuffer(jwk.y);
      // Flipping the lowest bit of y moves the point off the curve (y² = x³ + ax + b no longer holds).
      if (context.offCurvePublicKey) y[y.length - 1] ^= 1;
      // Keys in CTAP2 canonical order (kty, alg, crv, x, y), as real authenticators emit them.
      const cosePublicKey = isoCBOR.encode(
        new Map<number, number | Bytes>([
          [cose.COSEKEYS.kty, cose.COSEKTY.EC2],
          [cose.COSEKEYS.alg, cose.COSEALG.ES256],
          [cose.COSEKEYS.crv, cose.COSECRV.P256],
          [cose.COSEKEYS.x, isoBase64URL.toBuffer(jwk.x)],
          [cose.COSEKEYS.y, y],
        ]),
      );

      const lengthPrefix = new Uint8Array(2);
      if (credentialId.length > 0xffff) throw new Error("Credential IDs are at most 65535 bytes (a 16-bit length)");
      new DataView(lengthPrefix.buffer).setUint16(0, credentialId.length);
      const attestedCredentialData = isoUint8Array.concat([
        parseAaguid(opts.aaguid),
        lengthPrefix,
        credentialId,
        cosePublicKey,
      ]);
      const authData = isoUint8Array.concat([
        authenticatorDataHeader(rpId, flagsByte(opts) | FLAG_AT, signCount),
        attestedCredentialData,
      ]);
      const clientDataJSON = clientData("webauthn.create", creation.challenge, context);
      // Map keys in CTAP2 canonical order (shorter keys first): fmt, attStmt, authData.
      const attestationObject = isoCBOR.encode(
        new Map<string, string | Bytes | AttestationStatement>([
          ["fmt", opts.attestation === "none" ? "none" : "packed"],
          ["attStmt", attestationStatement(opts.attestation, isoUint8Array.concat([authData, sha256(clientDataJSON)]), privateKey)],
          ["authData", authData],
        ]),
      );
      const responseId = context.responseId ?? id;

      return {
        id: responseId,
        rawId: responseId,
        type: "public-key",
        response: {
          clientDataJSON: isoBase64URL.fromBuffer(clientDataJSON),
          attestationObject: isoBase64URL.fromBuffer(attestationObject),
          authenticatorData: isoBase64URL.fromBuffer(authData),
          transports: [...opts.transports],
          publicKeyAlgorithm: cose.COSEALG.ES256,
          publicKey: isoBase64URL.fromBuffer(toBytes(publicKey.export({ type: "spki", format: "der" }))),
        },
        authenticatorAttachment: opts.attachment,
        clientExtensionResults: {},
      };
    },

    async getAssertion(request, context): Promise<AuthenticationResponseJSON> {
      const opts = authenticator.options;
      const rpId = context.rpId ?? request.rpId ?? new URL(context.origin).hostname;
      const credential = pickCredential(held, rpId, request, context.credentialId);

      // The counter must grow with every signature so the RP can spot cloned keys (§6.1.1).
      credential.signCount += 1;
      const authData = authenticatorDataHeader(rpId, flagsByte({ ...opts, ...credential.backup }), credential.signCount);
      const clientDataJSON = clientData("webauthn.get", request.challenge, context);
      // ES256 signatures are ASN.1 DER (§6.5.6); node:crypto's default dsaEncoding is "der".
      const signature = sign("sha256", isoUint8Array.concat([authData, sha256(clientDataJSON)]), credential.privateKey);

      return {
        id: credential.id,
        rawId: credential.id,
        type: "public-key",
        response: {
          clientDataJSON: isoBase64URL.fromBuffer(clientDataJSON),
          authenticatorData: isoBase64URL.fromBuffer(authData),
          signature: isoBase64URL.fromBuffer(toBytes(signature)),
          ...(context.omitUserHandle ? {} : { userHandle: credential.userHandle }),
        },
        authenticatorAttachment: opts.attachment,
        clientExtensionResults: {},
      };
    },
  };
  return authenticator;
}

type AttestationStatement = Map<string, number | Bytes | Bytes[]>;

/** attStmt for "none" (empty) or "packed" (WebAuthn §8.2): an ES256 signature over authData ‖ hash(clientDataJSON). */
function attestationStatement(attestation: Required<SoftwareAuthenticatorOptions>["attestation"], signed: Bytes, credentialKey: KeyObject): AttestationStatement {
  if (attestation === "none") return new Map();
  const key = attestation === "self" ? credentialKey : attestation.privateKey;
  const statement: AttestationStatement = new Map<string, number | Bytes | Bytes[]>([
    ["alg", cose.COSEALG.ES256],
    ["sig", toBytes(sign("sha256", signed, key))],
  ]);
  if (attestation !== "self") statement.set("x5c", attestation.x5c.map(toBytes));
  return statement;
}

/**
 * An explicit context.credentialId wins, even across RP IDs, so tests can forge mis-scoped
 * assertions. Otherwise, like a real authenticator, only credentials bound to rpId qualify:
 * the first one the RP allows, or with no allow list any of them (every credential made here
 * is discoverable, as passkeys are).
 */
function pickCredential(
  held: Map<string, HeldCredential>,
  rpId: string,
  request: PublicKeyCredentialRequestOptionsJSON,
  credentialId: string | undefined,
): HeldCredential {
  const allowed = request.allowCredentials ?? [];
  const candidate =
    credentialId !== undefined
      ? held.get(credentialId)
      : allowed.length > 0
        ? allowed.map((d) => held.get(d.id)).find((c) => c?.rpId === rpId)
        : [...held.values()].find((c) => c.rpId === rpId);
  if (!candidate) throw domError("NotAllowedError", `No usable credential for RP ID "${rpId}"`);
  return candidate;
}

function flagsByte(opts: Pick<Required<SoftwareAuthenticatorOptions>, "userPresent" | "userVerified" | "backupEligible" | "backedUp">): number {
  return (
    (opts.userPresent ? FLAG_UP : 0) |
    (opts.userVerified ? FLAG_UV : 0) |
    (opts.backupEligible ? FLAG_BE : 0) |
    (opts.backedUp ? FLAG_BS : 0)
  );
}

/** rpIdHash (32) | flags (1) | signCount (4, big-endian): the fixed part of authenticator data. */
function authenticatorDataHeader(rpId: string, flags: number, signCount: number): Bytes {
  const tail = new Uint8Array(5);
  const view = new DataView(tail.buffer);
  view.setUint8(0, flags);
  view.setUint32(1, signCount);
  return isoUint8Array.concat([sha256(isoUint8Array.fromUTF8String(rpId)), tail]);
}

/**
 * The challenge is copied verbatim: it is already base64url, and the RP compares the string.
 * topOrigin is only present when given, as browsers only send it from a cross-origin frame.
 */
function clientData(type: string, challenge: string, context: { origin: string; crossOrigin?: boolean; topOrigin?: string }): Bytes {
  const { origin, crossOrigin = false, topOrigin } = context;
  return isoUint8Array.fromUTF8String(JSON.stringify({ type, challenge, origin, crossOrigin, ...(topOrigin === undefined ? {} : { topOrigin }) }));
}

function parseAaguid(aaguid: string): Bytes {
  const hex = aaguid.replace(/-/g, "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`Invalid AAGUID "${aaguid}"`);
  return isoUint8Array.fromHex(hex);
}

function sha256(data: Bytes): Bytes {
  return toBytes(createHash("sha256").update(data).digest());
}

/** Node Buffers may view a shared pool; the helpers want a plain ArrayBuffer-backed array. */
function toBytes(buffer: Uint8Array): Bytes {
  return new Uint8Array(buffer);
}

/** Browsers reject ceremonies with DOMExceptions; callers match on the name alone. */
function domError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function withDefaults(options: SoftwareAuthenticatorOptions): Required<SoftwareAuthenticatorOptions> {
  return {
    aaguid: options.aaguid ?? DEFAULT_OPTIONS.aaguid,
    backupEligible: options.backupEligible ?? DEFAULT_OPTIONS.backupEligible,
    backedUp: options.backedUp ?? DEFAULT_OPTIONS.backedUp,
    userVerified: options.userVerified ?? DEFAULT_OPTIONS.userVerified,
    userPresent: options.userPresent ?? DEFAULT_OPTIONS.userPresent,
    // Copied so that a test mutating one authenticator's list leaves the caller's alone.
    transports: [...(options.transports ?? DEFAULT_OPTIONS.transports)],
    attachment: options.attachment ?? DEFAULT_OPTIONS.attachment,
    attestation: options.attestation ?? DEFAULT_OPTIONS.attestation,
  };
}
