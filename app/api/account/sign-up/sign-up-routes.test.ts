import { describe, expect, it } from "vitest";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signInVerify } from "@/app/api/session/sign-in/verify/route";
import { POST as signUpOptions } from "@/app/api/account/sign-up/options/route";
import { POST as signUpVerify } from "@/app/api/account/sign-up/verify/route";
import { prisma } from "@/lib/server/platform/db";
import { requestSignInOptions, requestSignUpOptions } from "@/lib/testing/ceremonies";
import { sessionSetBy } from "@/lib/testing/cookies";
import { uniqueEmail } from "@/lib/testing/unique-email";
import { ORIGIN, TEST_DEVICE_ID, callRoute } from "@/lib/testing/route-harness";
import { createSoftwareAuthenticator } from "@/lib/testing/software-authenticator";

const GOOGLE_PASSWORD_MANAGER = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4";

describe("sign-up through the route handlers", () => {
  it("asks for a discoverable, user-verified passkey for a new account", async () => {
    const email = uniqueEmail("options");
    const options = await requestSignUpOptions(signUpOptions, `  ${email.toUpperCase()} `, "  Ada   Lovelace ");

    expect(options.rp).toEqual({ id: "localhost", name: "Passkey Portal (test)" });
    expect(options.user.name).toBe(email);
    expect(options.user.displayName).toBe("Ada Lovelace");
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(options.attestation).toBe("none");
    expect(options.pubKeyCredParams.map((p) => p.alg)).toEqual([-8, -7, -257]);
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const stored = await prisma.challenge.findUniqueOrThrow({ where: { challenge: options.challenge } });
    expect(stored.purpose).toBe("registration");
    expect(stored.userId).toBeNull();
    expect(stored.data).toEqual({ email, displayName: "Ada Lovelace", userHandle: options.user.id });
    const ttl = stored.expiresAt.getTime() - Date.now();
    expect(ttl).toBeGreaterThan(4 * 60 * 1000);
    expect(ttl).toBeLessThanOrEqual(5 * 60 * 1000);
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it("creates the user and their passkey and signs this browser in to the new account", async () => {
    const email = uniqueEmail("happy");
    const authenticator = createSoftwareAuthenticator({
      aaguid: GOOGLE_PASSWORD_MANAGER,
      backupEligible: true,
      backedUp: true,
      transports: ["hybrid", "internal"],
    });
    const options = await requestSignUpOptions(signUpOptions, email, "Grace Hopper");
    const response = await authenticator.createCredential(options, { origin: ORIGIN });

    const result = await callRoute(signUpVerify, { body: { response } });

    expect(result.status).toBe(200);
    const user = await prisma.user.findFirstOrThrow({ where: { email }, include: { passkeys: true } });
    expect(user.displayName).toBe("Grace Hopper");
    expect(user.passkeys).toHaveLength(1);
    expect(user.passkeys[0]).toMatchObject({
      credentialId: response.id,
      aaguid: GOOGLE_PASSWORD_MANAGER,
      deviceType: "multiDevice",
      backupEligible: true,
      backedUp: true,
      transports: ["hybrid", "internal"],
      counter: 0n,
      name: "Google Password Manager",
      lastUsedAt: null,
    });
    expect(user.passkeys[0].publicKey.length).toBeGreaterThan(64);
    expect(await prisma.challenge.count({ where: { challenge: options.challenge } })).toBe(0);

    const session = await prisma.session.findUniqueOrThrow({ where: { id: (await sessionSetBy(result)).id } });
    expect(session).toMatchObject({ userId: user.id, passkeyId: user.passkeys[0].id, method: "signup", deviceId: TEST_DEVICE_ID, revokedAt: null });
    expect(session.verifiedAt).not.toBeNull();
  });

  it("stores a single-device passkey without backup flags under a fallback name", async () => {
    const email = uniqueEmail("device");
    const authenticator = createSoftwareAuthenticator();
    const response = await authenticator.createCredential(await requestSignUpOptions(signUpOptions, email), { origin: ORIGIN });

    expect((await callRoute(signUpVerify, { body: { response } })).status).toBe(200);

    const passkey = await prisma.passkey.findUniqueOrThrow({ where: { credentialId: response.id } });
    expect(passkey).toMatchObject({
      aaguid: "00000000-0000-0000-0000-000000000000",
      deviceType: "singleDevice",
      backupEligible: false,
      backedUp: false,
      transports: ["internal"],
      name: "Passkey on this device",
    });
  });

  it("gives each user one random 43-character user handle, unrelated to the email, that never changes", async () => {
    const email = uniqueEmail("handle");
    const authenticator = createSoftwareAuthenticator();
    const options = await requestSignUpOptions(signUpOptions, email);
    await callRoute(signUpVerify, { body: { response: await authenticator.createCredential(options, { origin: ORIGIN }) } });
    const user = await prisma.user.findFirstOrThrow({ where: { email } });

    expect(user.userHandle).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(user.userHandle).toBe(options.user.id);
    expect(Buffer.from(user.userHandle, "base64url").toString("utf8")).not.toContain(email);
    expect(user.userHandle).not.toContain(Buffer.from(email).toString("base64url").slice(0, 8));

    // The passkey carries the handle and presents it back at every sign-in.
    const assertion = await authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN });
    expect(assertion.response.userHandle).toBe(user.userHandle);
    expect((await callRoute(signInVerify, { body: { response: assertion } })).status).toBe(200);
    expect((await prisma.user.findFirstOrThrow({ where: { email } })).userHandle).toBe(user.userHandle);

    const other = await requestSignUpOptions(signUpOptions, uniqueEmail("handle"));
    expect(other.user.id).not.toBe(user.userHandle);
  });

  it("accepts a 64-character name, the longest allowed", async () => {
    const name = "N".repeat(64);
    const result = await callRoute(signUpOptions, { body: { email: uniqueEmail("long"), name } });
    expect(result.status).toBe(200);
    expect((result.body as { user: { displayName: string } }).user.displayName).toBe(name);
  });
});
