// Checks of the test kit itself (e2e/kit) and of what its README promises. The first group uses
// the portal (the CDP events that later tests of the Signal API rely on); the others run raw
// WebAuthn ceremonies on a blank page of the site's origin, so they test the kit alone.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import {
  answerOnlyWith,
  createCredentialInPage,
  expect,
  fetchJsonFromPage,
  getCredentialInPage,
  openAnotherBrowser,
  test,
  uniqueEmail,
} from "./fixtures";
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

const BLANK_PATH = "/kit-blank";

/**
 * Opens a blank page at BLANK_PATH on the site's origin (served by Playwright, not the portal: a
 * secure context with no script of its own) and returns the headers the browser sent for it.
 */
async function openBlankPage(page: Page): Promise<Record<string, string>> {
  let headers: Record<string, string> = {};
  await page.route(`**${BLANK_PATH}`, async (route) => {
    headers = await route.request().allHeaders();
    await route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Kit</title><main></main>" });
  });
  await page.goto(BLANK_PATH);
  return headers;
}

const random = (bytes: number): string => randomBytes(bytes).toString("base64url");

function registration(page: Page, name = uniqueEmail("kit")): PublicKeyCredentialCreationOptionsJSON {
  return {
    rp: { id: new URL(page.url()).hostname, name: "Kit" },
    user: { id: random(16), name, displayName: name },
    challenge: random(32),
    pubKeyCredParams: [{ type: "public-key", alg: -7 }],
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    timeout: 10_000,
  };
}

function authentication(page: Page): PublicKeyCredentialRequestOptionsJSON {
  return { rpId: new URL(page.url()).hostname, challenge: random(32), userVerification: "required", timeout: 10_000 };
}

/** The BE (0x08) and BS (0x10) bits of an assertion's authenticator data (flags: byte 32). */
function backupBits(response: ReturnType<PublicKeyCredential["toJSON"]>): { backupEligibility: boolean; backupState: boolean } {
  const flags = Buffer.from((response as { response: { authenticatorData: string } }).response.authenticatorData, "base64url")[32];
  return { backupEligibility: (flags & 0x08) !== 0, backupState: (flags & 0x10) !== 0 };
}

test.describe("virtual authenticators on any site", () => {
  test("hold what the page creates, sign with it, change backup flags, clear and detach", async ({ page, authenticators }) => {
    const key = await authenticators.add({ kind: "security-key" });
    expect(key.options).toEqual({ kind: "security-key", synced: false, userVerification: "passes" });
    await openBlankPage(page);
    const name = uniqueEmail("kit");

    const created = await createCredentialInPage(page, registration(page, name));
    const [held] = await key.credentials();
    expect(held).toMatchObject({ credentialId: created.id, isResidentCredential: true, userName: name, backupEligibility: false, backupState: false });
    expect((await key.waitForEvent("credentialAdded")).credentialId).toBe(created.id);

    const asserted = await getCredentialInPage(page, authentication(page));
    expect(asserted.id).toBe(created.id);
    expect(backupBits(asserted)).toEqual({ backupEligibility: false, backupState: false });
    expect((await key.credentials())[0].signCount).toBeGreaterThan(held.signCount);

    await key.setBackupFlags({ backupEligibility: true, backupState: true });
    expect(await key.credentials()).toMatchObject([{ backupEligibility: true, backupState: true }]);
    expect(backupBits(await getCredentialInPage(page, authentication(page)))).toEqual({ backupEligibility: true, backupState: true });
    await key.setBackupFlags({ backupState: false }, created.id);
    expect(await key.credentials()).toMatchObject([{ backupEligibility: true, backupState: false }]);

    await key.clear();
    expect(await key.credentials()).toEqual([]);
    await expect(key.setBackupFlags({ backupState: true })).rejects.toThrow("holds no credential");

    await key.remove();
    await key.remove();
    await expect(key.credentials()).rejects.toThrow();
    expect(authenticators.all).toEqual([key]);
  });

  test("waitForEvent finds a matching event recorded before the call, or waits for one", async ({ page, authenticators }) => {
    const phone = await authenticators.add();
    await openBlankPage(page);
    const first = await createCredentialInPage(page, registration(page));
    const later = phone.waitForEvent("credentialAdded", { predicate: (event) => event.credentialId !== first.id });
    const second = await createCredentialInPage(page, registration(page));
    expect((await later).credentialId).toBe(second.id);
    expect((await phone.waitForEvent("credentialAdded")).credentialId).toBe(first.id);
    expect(phone.events("credentialAdded").map((event) => event.credentialId)).toEqual([first.id, second.id]);
    expect(phone.events("credentialAsserted")).toEqual([]);

    phone.clearEvents();
    expect(phone.events()).toEqual([]);
    await expect(phone.waitForEvent("credentialAdded", { timeout: 200 })).rejects.toThrow("no WebAuthn.credentialAdded event within 200 ms");
  });

  test("a synced authenticator's credentials carry both backup flags", async ({ page, authenticators }) => {
    const phone = await authenticators.add({ kind: "platform", synced: true });
    await openBlankPage(page);
    await createCredentialInPage(page, registration(page));
    expect(await phone.credentials()).toMatchObject([{ backupEligibility: true, backupState: true }]);
    expect(backupBits(await getCredentialInPage(page, authentication(page)))).toEqual({ backupEligibility: true, backupState: true });
  });

  test("failing user verification refuses the ceremony until it passes again", async ({ page, authenticators }) => {
    const phone = await authenticators.add({ userVerification: "fails" });
    await openBlankPage(page);
    await expect(createCredentialInPage(page, registration(page))).rejects.toThrow("NotAllowedError");
    expect(await phone.credentials()).toEqual([]);

    await phone.setUserVerified(true);
    await createCredentialInPage(page, registration(page));
    expect(await phone.credentials()).toHaveLength(1);
  });

  test("answerOnlyWith picks which of a page's authenticators answers", async ({ page, authenticators }) => {
    const laptop = await authenticators.add({ kind: "platform" });
    const key = await authenticators.add({ kind: "security-key" });
    await openBlankPage(page);

    await answerOnlyWith(authenticators, key);
    const created = await createCredentialInPage(page, registration(page));
    expect((await key.credentials()).map((credential) => credential.credentialId)).toEqual([created.id]);
    expect(await laptop.credentials()).toEqual([]);

    await answerOnlyWith(authenticators, laptop);
    await createCredentialInPage(page, registration(page));
    expect(await laptop.credentials()).toHaveLength(1);
    expect(await key.credentials()).toHaveLength(1);
  });
});

/** What the page's browser reports about passkey autofill. */
function autofillReport(page: Page): Promise<{ available: boolean; conditionalGet: boolean | undefined }> {
  return page.evaluate(async () => ({
    available: await PublicKeyCredential.isConditionalMediationAvailable(),
    conditionalGet: (await PublicKeyCredential.getClientCapabilities())["conditionalGet"],
  }));
}

test.describe("autofill", () => {
  test("is available by default", async ({ page }) => {
    await openBlankPage(page);
    expect(await autofillReport(page)).toEqual({ available: true, conditionalGet: true });
  });

  test.describe("with withoutAutofill", () => {
    test.use({ withoutAutofill: true });

    test("every page of the context reports none", async ({ page, context }) => {
      await openBlankPage(page);
      expect(await autofillReport(page)).toEqual({ available: false, conditionalGet: false });
      const second = await context.newPage();
      await openBlankPage(second);
      expect(await autofillReport(second)).toEqual({ available: false, conditionalGet: false });
    });
  });
});

test.describe("client IP", () => {
  test("each test sends a fresh benchmarking-range address", async ({ page, clientIp }) => {
    expect(clientIp).toMatch(/^198\.(18|19)\.\d{1,3}\.\d{1,3}$/);
    expect((await openBlankPage(page))["x-forwarded-for"]).toBe(clientIp);
  });

  test.describe("fixed with test.use", () => {
    test.use({ clientIp: "203.0.113.9" });

    test("is the address sent", async ({ page }) => {
      expect((await openBlankPage(page))["x-forwarded-for"]).toBe("203.0.113.9");
    });
  });

  test("another browser has its own address, no cookies and no autofill", async ({ browser, page, clientIp }) => {
    await openBlankPage(page);
    await page.context().addCookies([{ name: "kit", value: "1", url: page.url() }]);
    const laptop = await openAnotherBrowser(browser);
    try {
      expect(laptop.clientIp).not.toBe(clientIp);
      expect((await openBlankPage(laptop.page))["x-forwarded-for"]).toBe(laptop.clientIp);
      expect(await laptop.context.cookies()).toEqual([]);
      expect(await autofillReport(laptop.page)).toEqual({ available: false, conditionalGet: false });
    } finally {
      await laptop.context.close();
    }
  });
});

test("fetchJsonFromPage sends a same-origin JSON request from the page, with its Origin", async ({ page }) => {
  await openBlankPage(page);
  await page.route("**/kit-echo", async (route) => {
    const request = route.request();
    await route.fulfill({ status: 201, json: { method: request.method(), body: request.postDataJSON(), origin: await request.headerValue("origin") } });
  });
  const answer = await fetchJsonFromPage(page, "PATCH", "/kit-echo", { name: "Kit" });
  expect(answer).toEqual({ status: 201, json: { method: "PATCH", body: { name: "Kit" }, origin: new URL(page.url()).origin } });
});

test("uniqueEmail gives a new lowercase address each call", () => {
  const [first, second] = [uniqueEmail("Kit"), uniqueEmail("Kit")];
  expect(first).toMatch(/^e2e-kit-[0-9a-f-]{12}@example\.com$/);
  expect(second).not.toBe(first);
});
