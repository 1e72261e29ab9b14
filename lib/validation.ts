import { z } from "zod";

/** Email as people type it, normalized so that one address maps to one account. */
export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }))
  .transform((email) => email.normalize("NFKC").toLowerCase());

// Control characters break storage and logs; bidi overrides make a name display as something else.
const INVISIBLE_OR_CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
// Hangul and Braille fillers look like nothing at all, like the zero-width format characters.
const VISIBLE = /[^\s\p{Cf}\u115F\u1160\u2800\u3164\uFFA0]/u;

/** Free text people see (names): normalized, trimmed, 1–64 visible characters. */
function visibleTextSchema(messages: { empty: string; tooLong: string; invisible: string }) {
  return z
    .string({ error: messages.empty })
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
  empty: "Enter your name.",
  tooLong: "Your name can be at most 64 characters.",
  invisible: "Your name can only contain visible characters.",
});

export const passkeyNameSchema = visibleTextSchema({
  empty: "Give the passkey a name.",
  tooLong: "A passkey name can be at most 64 characters.",
  invisible: "A passkey name can only contain visible characters.",
});

const base64url = z.string().min(1).max(16_384).regex(/^[A-Za-z0-9_-]+$/, "Malformed base64url value.");

const transports = z.array(z.string().max(32)).max(10).optional();

// Shapes of @simplewebauthn/browser's JSON; the library verifies the content itself.
export const registrationResponseSchema = z.looseObject({
  id: base64url,
  rawId: base64url,
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
  id: base64url,
  rawId: base64url,
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
  z.object({ response }, { error: "The request must contain a passkey response." });
