import { describe, expect, it } from "vitest";
import { DELETE as removePasskeyRoute, PATCH as renamePasskeyRoute } from "@/app/api/account/passkeys/[id]/route";
import { POST as addOptions } from "@/app/api/account/passkeys/registration/options/route";
import { POST as addVerify } from "@/app/api/account/passkeys/registration/verify/route";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { prisma } from "@/lib/server/platform/db";
import { addPasskeyTo, expireStepUp, openSession, signUpAccount } from "@/lib/testing/factories";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, ORIGIN } from "@/lib/testing/route-harness";
import { emailKinds, emailsTo, eventTypes } from "@/lib/testing/mail-helpers";
import { createSoftwareAuthenticator } from "@/lib/testing/software-authenticator";

const HEADERS = { "x-forwarded-for": "203.0.113.120", "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36" };

describe("adding a passkey", () => {
  it("records it and emails the owner with the passkey's name, device and IP address", async () => {
    const { user } = await signUpAccount();
    const session = await openSession(user.id);
    const options = await callRoute(addOptions, { path: "/api/account/passkeys/registration/options", cookie: session.cookie, headers: HEADERS });
    expect(options.status, JSON.stringify(options.body)).toBe(200);
    const key = createSoftwareAuthenticator({ attachment: "cross-platform", transports: ["usb"] });
    const response = await key.createCredential(options.body as PublicKeyCredentialCreationOptionsJSON, { origin: ORIGIN });

    const result = await callRoute(addVerify, { path: "/api/account/passkeys/registration/verify", cookie: session.cookie, body: { response }, headers: HEADERS });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const { passkey } = result.body as { passkey: { id: string; name: string } };
    expect(await emailKinds(user.id)).toEqual(["passkey_added"]);
    const [email] = await emailsTo(user.email);
    expect(email.text).toContain(`The passkey “${passkey.name}” was added to your account.`);
    expect(email.text).toContain("Device: Chrome on Windows");
    expect(email.text).toContain("IP address: 203.0.113.120");
    const event = await prisma.securityEvent.findFirstOrThrow({ where: { userId: user.id, type: "passkey_added" } });
    expect(event).toMatchObject({ detail: { passkeyName: passkey.name }, ipAddress: "203.0.113.120" });
  });
});

describe("removing a passkey", () => {
  it("records it and emails the owner", async () => {
    const { user } = await signUpAccount();
    const { passkey } = await addPasskeyTo(user);
    await prisma.passkey.update({ where: { id: passkey.id }, data: { name: "Old phone" } });
    const session = await openSession(user.id);

    const result = await callRoute(removePasskeyRoute, { method: "DELETE", cookie: session.cookie, params: { id: passkey.id }, headers: HEADERS });

    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect((result.body as { signal: { allAcceptedCredentialIds: string[] } }).signal.allAcceptedCredentialIds).not.toContain(passkey.credentialId);
    // The second passkey's own "added" notice came first.
    expect(await emailKinds(user.id)).toEqual(["passkey_added", "passkey_removed"]);
    const [, email] = await emailsTo(user.email);
    expect(email.subject).toBe("A passkey was removed from your account");
    expect(email.text).toContain("The passkey “Old phone” was removed from your account.");
    expect(await eventTypes(user.id)).toEqual(["account_created", "passkey_added", "passkey_removed"]);
  });

  it("sends nothing when the removal is refused", async () => {
    const { user, passkey } = await signUpAccount();
    const { passkey: second } = await addPasskeyTo(user);
    const session = await openSession(user.id);
    const stale = await openSession(user.id);
    await expireStepUp(stale.id);

    expectRefusal(await callRoute(removePasskeyRoute, { method: "DELETE", cookie: stale.cookie, params: { id: second.id } }), 403, "step_up_required");
    expect((await callRoute(removePasskeyRoute, { method: "DELETE", cookie: session.cookie, params: { id: second.id } })).status).toBe(200);
    expectRefusal(await callRoute(removePasskeyRoute, { method: "DELETE", cookie: session.cookie, params: { id: passkey.id } }), 409, "last_passkey");

    expect(await emailKinds(user.id)).toEqual(["passkey_added", "passkey_removed"]);
    expect(await eventTypes(user.id)).toEqual(["account_created", "passkey_added", "passkey_removed"]);
  });
});

describe("renaming a passkey", () => {
  it("records the old and new names without an email, and nothing when the name is unchanged", async () => {
    const { user, passkey } = await signUpAccount();
    const session = await openSession(user.id);
    const rename = (name: string) => callRoute(renamePasskeyRoute, { method: "PATCH", cookie: session.cookie, params: { id: passkey.id }, body: { name } });

    expect((await rename("Work laptop")).status).toBe(200);
    expect((await rename("Work laptop")).status).toBe(200);

    const events = await prisma.securityEvent.findMany({ where: { userId: user.id, type: { not: "account_created" } } });
    expect(events).toEqual([expect.objectContaining({ type: "passkey_renamed", detail: { previousName: passkey.name, passkeyName: "Work laptop" } })]);
    expect(await emailKinds(user.id)).toEqual([]);
  });
});
