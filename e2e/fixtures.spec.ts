// Checks of the test kit itself: the CDP events that later tests of the Signal API rely on.
import { expect, test } from "./fixtures";
import { signUp } from "./pages/sign-up";

interface SignalApi {
  signalCurrentUserDetails(details: { rpId: string; userId: string; name: string; displayName: string }): Promise<void>;
  signalUnknownCredential(credential: { rpId: string; credentialId: string }): Promise<void>;
}

test.describe("virtual authenticator events", () => {
  test("report credentials created, used, updated and deleted by the page", async ({ page, authenticators }) => {
    const phone = await authenticators.add({ synced: true });
    const user = await signUp(page);
    const [passkey] = await phone.credentials();
    const added = await phone.waitForEvent("credentialAdded");
    expect(added.credential).toMatchObject({ credentialId: passkey.credentialId, userName: user.email });

    await page.evaluate(
      ({ rpId, userId, email }) =>
        (PublicKeyCredential as unknown as SignalApi).signalCurrentUserDetails({ rpId, userId, name: email, displayName: "Renamed" }),
      { rpId: passkey.rpId!, userId: passkey.userHandle!, email: user.email },
    );
    const updated = await phone.waitForEvent("credentialUpdated");
    expect(updated.credentialId).toBe(passkey.credentialId);
    expect(updated.credential?.userDisplayName).toBe("Renamed");

    await page.evaluate(
      ({ rpId, credentialId }) => (PublicKeyCredential as unknown as SignalApi).signalUnknownCredential({ rpId, credentialId }),
      { rpId: passkey.rpId!, credentialId: passkey.credentialId },
    );
    const deleted = await phone.waitForEvent("credentialDeleted");
    expect(deleted.credentialId).toBe(passkey.credentialId);
    expect(deleted.credential).toBeUndefined();
    expect(await phone.credentials()).toEqual([]);
    expect(phone.events().map((event) => event.type)).toEqual(["credentialAdded", "credentialUpdated", "credentialDeleted"]);
  });

  test("waitForEvent fails after its timeout when nothing happens", async ({ authenticators }) => {
    const phone = await authenticators.add();
    await expect(phone.waitForEvent("credentialAsserted", { timeout: 200 })).rejects.toThrow("no WebAuthn.credentialAsserted event within 200 ms");
  });
});
