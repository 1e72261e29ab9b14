import { describe, expect, it } from "vitest";
import {
  authenticationResponseSchema,
  displayNameSchema,
  emailSchema,
  passkeyNameSchema,
  registrationResponseSchema,
  responseEnvelopeSchema,
} from "./validation";
import { apiErrorMessage, isApiErrorKey } from "../platform/errors";

/** The English sentence the route answers with (the schemas' messages are keys). */
function firstMessage(result: { success: boolean; error?: { issues: { message: string }[] } }): string | undefined {
  const key = result.error?.issues[0]?.message;
  return isApiErrorKey(key) ? apiErrorMessage("en", key) : key;
}

describe("emailSchema", () => {
  it.each([
    ["  Ada@Example.COM ", "ada@example.com"],
    ["\tgrace.hopper+navy@EXAMPLE.org\n", "grace.hopper+navy@example.org"],
    ["o'brien@example.ie", "o'brien@example.ie"],
  ])("normalizes %j to %j", (input, expected) => {
    expect(emailSchema.parse(input)).toBe(expected);
  });

  it("maps differently typed spellings of one address to one account", () => {
    expect(emailSchema.parse("ALICE@EXAMPLE.COM")).toBe(emailSchema.parse(" alice@example.com"));
  });

  it.each([
    ["", "Enter your email address."],
    ["   ", "Enter your email address."],
    ["ada", "Enter a valid email address, like name@example.com."],
    ["ada@", "Enter a valid email address, like name@example.com."],
    ["@example.com", "Enter a valid email address, like name@example.com."],
    ["ada@@example.com", "Enter a valid email address, like name@example.com."],
    ["ada lovelace@example.com", "Enter a valid email address, like name@example.com."],
    ["ada@example.com\u0000", "Enter a valid email address, like name@example.com."],
    [`${"a".repeat(64)}@${"b".repeat(186)}.com`, "That email address is too long."],
    ["ada\ud800@example.com", "That email address contains characters that aren't valid. Retype it and try again."],
  ])("refuses %j with %j", (input, message) => {
    expect(firstMessage(emailSchema.safeParse(input))).toBe(message);
  });

  it.each([42, null, undefined, ["a@example.com"], { email: "a@example.com" }])("refuses the non-string %j", (input) => {
    expect(firstMessage(emailSchema.safeParse(input))).toBe("Enter your email address.");
  });
});

describe("displayNameSchema", () => {
  it.each([
    ["Ada Lovelace", "Ada Lovelace"],
    ["  Ada \t\n  Lovelace  ", "Ada Lovelace"],
    ["Ｇｒａｃｅ", "Grace"],
    ["Zoë", "Zoë"],
    ["李小龍", "李小龍"],
  ])("normalizes %j to %j", (input, expected) => {
    expect(displayNameSchema.parse(input)).toBe(expected);
  });

  it("counts the limit after normalization: 64 characters pass, 65 do not", () => {
    expect(displayNameSchema.parse(` ${"n".repeat(64)} `)).toHaveLength(64);
    expect(firstMessage(displayNameSchema.safeParse("n".repeat(65)))).toBe("Your name can be at most 64 characters.");
  });

  it.each(["", " ", "\t\n\u00a0\u2003"])("refuses the blank name %j", (input) => {
    expect(firstMessage(displayNameSchema.safeParse(input))).toBe("Enter your name.");
  });

  it.each([7, null, undefined, ["Ada"]])("refuses the non-string %j", (input) => {
    expect(firstMessage(displayNameSchema.safeParse(input))).toBe("Enter your name.");
  });

  // NUL makes PostgreSQL refuse the row (a 500), a zero-width name shows as blank, and a bidi
  // override makes a name display as something else.
  it.each(["Ada\u0000", "\u200b", "Ada\u202eecilA"])("refuses a name with control or invisible characters: %j", (input) => {
    expect(displayNameSchema.safeParse(input).success).toBe(false);
  });

  // JSON.parse turns "\ud800" into a lone surrogate, which has no UTF-8 form: PostgreSQL
  // stored it as U+FFFD or refused it (a 500).
  it.each(["Ada\ud800", "\udc00Ada", "Ada \ud83d", "\ude00\ud83d"])("refuses a name with a lone surrogate: %j", (input) => {
    expect(firstMessage(displayNameSchema.safeParse(input))).toBe("Your name contains characters that aren't valid text. Retype it and try again.");
    expect(firstMessage(passkeyNameSchema.safeParse(input))).toBe("The passkey name contains characters that aren't valid text. Retype it and try again.");
  });

  it("accepts characters outside the BMP, whose surrogates come in pairs", () => {
    expect(displayNameSchema.parse("Ada \ud83d\ude00")).toBe("Ada 😀");
  });
});

describe("passkey response schemas", () => {
  const registration = {
    id: "AbC_-1",
    rawId: "AbC_-1",
    type: "public-key",
    response: { clientDataJSON: "eyJ9", attestationObject: "o2Nm", transports: ["internal"] },
  };
  const authentication = {
    id: "AbC_-1",
    rawId: "AbC_-1",
    type: "public-key",
    response: { clientDataJSON: "eyJ9", authenticatorData: "SZYN", signature: "MEUC" },
  };

  it("accepts browser-shaped responses and defaults clientExtensionResults", () => {
    expect(registrationResponseSchema.parse(registration).clientExtensionResults).toEqual({});
    expect(authenticationResponseSchema.parse(authentication).clientExtensionResults).toEqual({});
  });

  it.each([
    ["padding", "eyJ9=="],
    ["standard base64 characters", "ey+J/9"],
    ["an empty value", ""],
    ["more than 16 KiB", "A".repeat(16_385)],
  ])("refuses clientDataJSON with %s", (_label, clientDataJSON) => {
    const result = authenticationResponseSchema.safeParse({ ...authentication, response: { ...authentication.response, clientDataJSON } });
    expect(result.success).toBe(false);
  });

  it("refuses more than 10 transports or a transport longer than 32 characters", () => {
    const withTransports = (transports: string[]) => ({ ...registration, response: { ...registration.response, transports } });
    expect(registrationResponseSchema.safeParse(withTransports(Array(11).fill("usb"))).success).toBe(false);
    expect(registrationResponseSchema.safeParse(withTransports(["x".repeat(33)])).success).toBe(false);
    expect(registrationResponseSchema.safeParse(withTransports(Array(10).fill("usb"))).success).toBe(true);
  });

  it("keeps the transports WebAuthn defines, once each in the browser's order, and drops well-formed ones it does not know yet", () => {
    const withTransports = (transports: string[]) => ({ ...registration, response: { ...registration.response, transports } });
    const parsed = registrationResponseSchema.parse(withTransports(["usb", "hybrid", "usb", "quantum-link", "smart-card", "cable", "ble", "nfc", "internal"]));
    expect(parsed.response.transports).toEqual(["usb", "hybrid", "smart-card", "cable", "ble", "nfc", "internal"]);
    expect(registrationResponseSchema.parse(withTransports([])).response.transports).toEqual([]);
    const { transports: _transports, ...withoutTransports } = registration.response;
    expect(registrationResponseSchema.parse({ ...registration, response: withoutTransports }).response.transports).toBeUndefined();
  });

  it.each([
    ["a NUL character", "usb\u0000"],
    ["a lone surrogate", "usb\ud800"],
    ["upper case", "USB"],
    ["spaces", "smart card"],
    ["an empty string", ""],
  ])("refuses a transport with %s", (_label, transport) => {
    const result = registrationResponseSchema.safeParse({ ...registration, response: { ...registration.response, transports: [transport] } });
    expect(result.success).toBe(false);
  });

  it("refuses transports that are not strings", () => {
    const result = registrationResponseSchema.safeParse({ ...registration, response: { ...registration.response, transports: [42] } });
    expect(result.success).toBe(false);
  });

  it.each([
    ["registration", registrationResponseSchema, registration],
    ["authentication", authenticationResponseSchema, authentication],
  ] as const)("refuses %s responses whose credential ID is over 1023 bytes (1364 base64url characters)", (_label, schema, valid) => {
    const withId = (id: string) => ({ ...valid, id, rawId: id });
    expect(schema.safeParse(withId("A".repeat(1364))).success).toBe(true);
    const result = schema.safeParse(withId("A".repeat(1365)));
    expect(firstMessage(result)).toBe("This passkey's ID is longer than passkeys are allowed to be. Try another passkey or security key.");
  });

  it("explains a body without a passkey response in a sentence", () => {
    const envelope = responseEnvelopeSchema(authenticationResponseSchema);
    expect(firstMessage(envelope.safeParse(null))).toBe("The request must contain a passkey response.");
    expect(envelope.safeParse({ response: authentication }).success).toBe(true);
  });
});
