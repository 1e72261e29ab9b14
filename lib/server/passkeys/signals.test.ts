import { describe, expect, it } from "vitest";
import { removePasskey } from "./passkeys";
import { acceptedCredentialsSignal, currentUserDetailsSignal } from "./signals";
import { addPasskeyTo, signUpAccount } from "../../testing/factories";
import { uniqueEmail } from "../../testing/unique-email";

describe("acceptedCredentialsSignal", () => {
  it("names the RP, the account's stable user handle and exactly its credential IDs", async () => {
    const { user, passkey, authenticator } = await signUpAccount();
    const { passkey: second, authenticator: other } = await addPasskeyTo(user);
    await signUpAccount();

    const signal = await acceptedCredentialsSignal(user);
    expect(signal.rpId).toBe("localhost");
    expect(signal.allAcceptedCredentialIds.sort()).toEqual([passkey.credentialId, second.credentialId].sort());
    // The provider matches the signal to its credentials by the user.id it was given at registration.
    expect(signal.userId).toBe(user.userHandle);
    expect([...authenticator.credentials(), ...other.credentials()].map((credential) => credential.userHandle)).toEqual([
      user.userHandle,
      user.userHandle,
    ]);
  });

  it("drops a removed passkey so the provider can hide it", async () => {
    const { user, passkey } = await signUpAccount();
    const { passkey: second } = await addPasskeyTo(user);

    await removePasskey(user.id, second.id, { userAgent: null, ipAddress: null });
    expect((await acceptedCredentialsSignal(user)).allAcceptedCredentialIds).toEqual([passkey.credentialId]);
  });
});

describe("currentUserDetailsSignal", () => {
  it("carries the new email and name under the same user handle", async () => {
    const { user } = await signUpAccount({ name: "Grace" });
    const email = uniqueEmail("grace");
    const updated = { ...user, displayName: "Grace Hopper", email };

    expect(currentUserDetailsSignal(updated)).toEqual({ rpId: "localhost", userId: user.userHandle, name: email, displayName: "Grace Hopper" });
  });
});
