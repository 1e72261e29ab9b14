import { z } from "zod";
import { PASSKEY_PLACEMENTS } from "../../shared/passkey-placement";
import type { ApiErrorKey } from "../platform/errors";

// A schema's messages are keys of messages/<locale>/errors-api.json: readJsonBody answers with
// the sentence in the request's language.

// A lone UTF-16 surrogate (JSON.parse turns "\ud800" into one) is not text: it has no UTF-8
// form, so PostgreSQL refuses it in JSON and silently stores U+FFFD in a text column.
const LONE_SURROGATE = /\p{Cs}/u;

export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** A string that must be well-formed text, refused with `message` otherwise. */
export function textSchema(messages: { missing: ApiErrorKey; malformed: ApiErrorKey }) {
  return z.string({ error: messages.missing }).refine(isWellFormedText, messages.malformed);
}

/** Email as people type it, normalized so that one address maps to one account. */
export const emailSchema = textSchema({
  missing: "emailMissing",
  malformed: "emailMalformed",
})
  .trim()
  .min(1, "emailMissing")
  .max(254, "emailTooLong")
  .pipe(z.email({ error: "emailInvalid" }))
  .transform((email) => email.normalize("NFKC").toLowerCase());

// Control characters break storage and logs; bidi overrides make a name display as something else.
const INVISIBLE_OR_CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
// Hangul and Braille fillers look like nothing at all, like the zero-width format characters.
const VISIBLE = /[^\s\p{Cf}\u115F\u1160\u2800\u3164\uFFA0]/u;

/** Free text people see (names): normalized, trimmed, 1–64 visible characters. */
function visibleTextSchema(messages: { empty: ApiErrorKey; tooLong: ApiErrorKey; invisible: ApiErrorKey; malformed: ApiErrorKey }) {
  return textSchema({ missing: messages.empty, malformed: messages.malformed })
    .max(256, messages.tooLong)
    .transform((text) => text.normalize("NFKC").replace(/\s+/g, " ").trim())
    .pipe(
      z
        .string()
        .min(1, messages.empty)
        .max(64, messages.tooLong)
        .refine((text) => !INVISIBLE_OR_CONTROL.test(text), messages.invisible)
        .refine((text) => VISIBLE.test(text), messages.empty),
    );
}

export const displayNameSchema = visibleTextSchema({
  empty: "nameEmpty",
  tooLong: "nameTooLong",
  invisible: "nameInvisible",
  malformed: "nameMalformed",
});

export const passkeyNameSchema = visibleTextSchema({
  empty: "passkeyNameEmpty",
  tooLong: "passkeyNameTooLong",
  invisible: "passkeyNameInvisible",
  malformed: "passkeyNameMalformed",
});

/** "Choose where to save it": optional, so the plain "Add a passkey" and "Create passkey" send none. */
export const passkeyPlacementSchema = z
  .enum(PASSKEY_PLACEMENTS, { error: "placementInvalid" })
  .optional();

const base64url = z.string().min(1).max(16_384).regex(/^[A-Za-z0-9_-]+$/, "base64urlMalformed");

// WebAuthn §7.1 step 25: credential IDs are at most 1023 bytes, i.e. 1364 base64url characters.
// Refused here, before the ID reaches an index lookup or a unique index.
export const MAX_CREDENTIAL_ID_BYTES = 1023;
const credentialId = base64url.max(
  Math.ceil((MAX_CREDENTIAL_ID_BYTES * 4) / 3),
  "credentialIdTooLong",
);

/** How a passkey can reach its authenticator, as WebAuthn defines it (AuthenticatorTransport). */
export const KNOWN_TRANSPORTS = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"] as const;
export type KnownTransport = (typeof KNOWN_TRANSPORTS)[number];

function isKnownTransport(value: string): value is KnownTransport {
  return (KNOWN_TRANSPORTS as readonly string[]).includes(value);
}

/** The known transports in a list, once each, in the browser's order; new ones are dropped. */
export function knownTransports(list: readonly string[]): KnownTransport[] {
  return [...new Set(list)].filter(isKnownTransport);
}

// A value a browser could send (a short lowercase token) but the portal does not know yet is
// dropped rather than refused, so a new browser can still add passkeys; anything else (NUL,
// surrogates, long strings) is not a transport at all.
const transports = z
  .array(z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, "transportInvalid"))
  .max(10)
  .optional()
  .transform((list) => (list ? knownTransports(list) : undefined));

// Shapes of @simplewebauthn/browser's JSON; the library verifies the content itself.
export const registrationResponseSchema = z.looseObject({
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key"),
  response: z.looseObject({
    clientDataJSON: base64url,
    attestationObject: base64url,
    transports,
    publicKeyAlgorithm: z.number().optional(),
    publicKey: base64url.optional(),
    authenticatorData: base64url.optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.looseObject({}).default({}),
});

export const authenticationResponseSchema = z.looseObject({
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key"),
  response: z.looseObject({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.looseObject({}).default({}),
});

export const responseEnvelopeSchema = <T extends z.ZodType>(response: T) =>
  z.object({ response }, { error: "passkeyResponseMissing" });
