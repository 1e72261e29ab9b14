import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { describe, expect, it } from "vitest";
import { POST as addOptions } from "@/app/api/account/passkeys/registration/options/route";
import { POST as addVerify } from "@/app/api/account/passkeys/registration/verify/route";
import { POST as signUpOptions } from "@/app/api/account/sign-up/options/route";
import { POST as signUpVerify } from "@/app/api/account/sign-up/verify/route";
import { prisma } from "@/lib/server/platform/db";
import type { PasskeyPlacement } from "@/lib/shared/passkey-placement";
import { expireStepUp, openSession, signUpAccount, type SignedInSession } from "@/lib/testing/factories";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, ORIGIN, type RouteResponse } from "@/lib/testing/route-harness";
import { createSoftwareAuthenticator, type SoftwareAuthenticatorOptions } from "@/lib/testing/software-authenticator";
import { uniqueEmail } from "@/lib/testing/unique-email";

// "Choose where to save it": the placement a person picks on /account/passkeys or /signup.

const PLACEMENTS = [
  { placement: "this-device", hints: ["client-device"], attachment: "platform", name: "Passkey on this device" },
  { placement: "phone-or-tablet", hints: ["hybrid"], attachment: "cross-platform", name: "Passkey on a phone or tablet" },
  { placement: "security-key", hints: ["security-key"], attachment: "cross-platform", name: "Security key" },
] as const;

const YUBIKEY = "ee882879-721c-4913-9775-3dfcce97072a";
// An authenticator whose AAGUID, transports and attachment say nothing about where it is.
const SAYS_NOTHING: SoftwareAuthenticatorOptions = { transports: [] };

function anonymous(response: RegistrationResponseJSON): RegistrationResponseJSON {
  return { ...response, authenticatorAttachment: undefined };
}

function addOptionsFor(session: SignedInSession, body?: unknown): Promise<RouteResponse> {
  return callRoute(addOptions, { path: "/api/account/passkeys/registration/options", cookie: session.cookie, body });
}

function signUpOptionsFor(body: Record<string, unknown>): Promise<RouteResponse> {
  return callRoute(signUpOptions, { path: "/api/account/sign-up/options", body: { email: uniqueEmail("placement"), name: "Ada", ...body } });
}

async function addPasskeyPlaced(
  session: SignedInSession,
  placement: PasskeyPlacement,
  authenticator: SoftwareAuthenticatorOptions,
): Promise<RouteResponse> {
  const options = await addOptionsFor(session, { placement });
  expect(options.status, JSON.stringify(options.body)).toBe(200);
  const response = await createSoftwareAuthenticator(authenticator).createCredential(options.body as PublicKeyCredentialCreationOptionsJSON, { origin: ORIGIN });
  // A placement sent with the answer is ignored: the name comes from the stored challenge.
  return callRoute(addVerify, { cookie: session.cookie, body: { response: anonymous(response), placement: "this-device" } });
}

describe.each(PLACEMENTS)("placement $placement", ({ placement, hints, attachment, name }) => {
  it("asks for its hint and attachment when adding a passkey, keeping every other requirement", async () => {
    const { user } = await signUpAccount();
    const session = await openSession(user.id);
    const result = await addOptionsFor(session, { placement });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const options = result.body as PublicKeyCredentialCreationOptionsJSON;
    expect(options.hints).toEqual(hints);
    expect(options.authenticatorSelection).toEqual({ residentKey: "required", requireResidentKey: true, userVerification: "required", authenticatorAttachment: attachment });
    expect(options.excludeCredentials).toHaveLength(1);
    const stored = await prisma.challenge.findUniqueOrThrow({ where: { challenge: options.challenge } });
    expect(stored).toMatchObject({ userId: user.id, binding: session.id, data: { placement } });
  });

  it("asks for its hint and attachment at sign-up", async () => {
    const result = await signUpOptionsFor({ placement });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const options = result.body as PublicKeyCredentialCreationOptionsJSON;
    expect(options.hints).toEqual(hints);
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required", authenticatorAttachment: attachment });
    const stored = await prisma.challenge.findUniqueOrThrow({ where: { challenge: options.challenge } });
    expect(stored.data).toMatchObject({ placement, userHandle: options.user.id });
  });

  it("names the added passkey by the placement when the authenticator says nothing", async () => {
    const { user } = await signUpAccount();
    const result = await addPasskeyPlaced(await openSession(user.id), placement, SAYS_NOTHING);

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect((result.body as { passkey: { name: string } }).passkey.name).toBe(name);
  });

  it("names the new account's first passkey by the placement", async () => {
    const options = await signUpOptionsFor({ placement });
    const response = await createSoftwareAuthenticator(SAYS_NOTHING).createCredential(options.body as PublicKeyCredentialCreationOptionsJSON, { origin: ORIGIN });

    expect((await callRoute(signUpVerify, { body: { response: anonymous(response) } })).status).toBe(200);
    expect(await prisma.passkey.findUniqueOrThrow({ where: { credentialId: response.id } })).toMatchObject({ name });
  });

  it("still refuses a synced passkey when the account allows only device-bound ones", async () => {
    const { user } = await signUpAccount();
    await prisma.user.update({ where: { id: user.id }, data: { deviceBoundOnly: true } });
    const result = await addPasskeyPlaced(await openSession(user.id), placement, { backupEligible: true, backedUp: true });

    expectRefusal(result, 409, "synced_not_allowed");
    expect(await prisma.passkey.count({ where: { userId: user.id } })).toBe(1);
  });

  it("still asks for a recent passkey check first", async () => {
    const { user } = await signUpAccount();
    const session = await openSession(user.id);
    await expireStepUp(session.id);

    expectRefusal(await addOptionsFor(session, { placement }), 403, "step_up_required");
  });
});

describe("without a placement", () => {
  it("asks for no hint or attachment, with an empty body as before", async () => {
    const { user } = await signUpAccount();
    const session = await openSession(user.id);
    for (const body of [undefined, {}]) {
      const result = await addOptionsFor(session, body);
      expect(result.status, JSON.stringify(result.body)).toBe(200);
      const options = result.body as PublicKeyCredentialCreationOptionsJSON;
      expect(options.hints).toEqual([]);
      expect(options.authenticatorSelection).not.toHaveProperty("authenticatorAttachment");
      expect((await prisma.challenge.findUniqueOrThrow({ where: { challenge: options.challenge } })).data).toBeNull();
    }
  });

  it("names the passkey from what the authenticator reports", async () => {
    const { user } = await signUpAccount();
    const session = await openSession(user.id);
    const options = await addOptionsFor(session, {});
    const key = createSoftwareAuthenticator({ transports: ["usb"], attachment: "cross-platform" });
    const response = await key.createCredential(options.body as PublicKeyCredentialCreationOptionsJSON, { origin: ORIGIN });

    const result = await callRoute(addVerify, { cookie: session.cookie, body: { response } });
    expect((result.body as { passkey: { name: string } }).passkey.name).toBe("Security key");
  });
});

describe("a placement from a known provider", () => {
  it("is named by the provider, not the placement", async () => {
    const { user } = await signUpAccount();
    const result = await addPasskeyPlaced(await openSession(user.id), "phone-or-tablet", { aaguid: YUBIKEY, transports: ["usb"] });
    expect((result.body as { passkey: { name: string } }).passkey.name).toBe("YubiKey 5 Series");
  });
});

describe("an unknown placement", () => {
  it.each([["usb"], ["platform"], ["THIS-DEVICE"], [7], [null], [["security-key"]]])("%j is refused with 400 and stores nothing", async (placement) => {
    const { user } = await signUpAccount();
    const session = await openSession(user.id);
    const before = await prisma.challenge.count();

    const refusals = [await addOptionsFor(session, { placement }), await signUpOptionsFor({ placement })];

    for (const refusal of refusals) {
      expect(expectRefusal(refusal, 400, "invalid_request")).toBe("Choose where to save the passkey: this device, a phone or tablet, or a security key.");
    }
    expect(await prisma.challenge.count()).toBe(before);
  });
});
