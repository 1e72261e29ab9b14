import { describe, expect, it } from "vitest";
import { describeEvent, eventDevice, listEvents, recordEvent, recordEventIn, type EventDetail, type SecurityEventType } from "./activity";
import { prisma } from "../platform/db";
import { emailsTo } from "../../testing/mail-helpers";
import { createUser } from "../../testing/factories";

const CHROME_ON_ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
const CLIENT = { ipAddress: "192.0.2.33", userAgent: CHROME_ON_ANDROID };

describe("recordEvent", () => {
  it("stores the type, detail, IP address and user agent for the account", async () => {
    const user = await createUser();
    const before = Date.now();

    await recordEvent({ userId: user.id, type: "passkey_renamed", client: CLIENT, detail: { previousName: "Old", passkeyName: "New" } });

    const [event] = await prisma.securityEvent.findMany({ where: { userId: user.id } });
    expect(event).toMatchObject({
      type: "passkey_renamed",
      detail: { previousName: "Old", passkeyName: "New" },
      ipAddress: "192.0.2.33",
      userAgent: CHROME_ON_ANDROID,
    });
    expect(event.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(eventDevice(event)).toBe("Chrome on Android");
    expect(eventDevice({ userAgent: null })).toBe("Unknown device");
    expect(await emailsTo(user.email)).toEqual([]);
  });

  it("queues the owner's email with the event when asked to notify", async () => {
    const user = await createUser({ displayName: "Ada" });

    await recordEvent({ userId: user.id, type: "passkey_added", client: CLIENT, detail: { passkeyName: "YubiKey 5" }, notify: "passkey_added" });

    const [email] = await emailsTo(user.email);
    expect(email).toMatchObject({ userId: user.id, kind: "passkey_added", subject: "A passkey was added to your account", sentAt: null, attempts: 0 });
    // Greets nobody by name: a name the account chose is no part of what the portal says.
    expect(email.text).toMatch(/^Hello,$/m);
    expect(email.text).not.toContain("Ada");
    expect(email.text).toContain("The passkey “YubiKey 5” was added to your account.");
    expect(email.text).toContain("Device: Chrome on Android");
    expect(email.text).toContain("IP address: 192.0.2.33");
  });

  it("writes neither the event nor its email when the surrounding transaction fails", async () => {
    const user = await createUser();

    const failed = prisma.$transaction(async (tx) => {
      await recordEventIn(tx, { userId: user.id, type: "passkey_removed", client: CLIENT, detail: { passkeyName: "Old phone" }, notify: "passkey_removed" });
      throw new Error("the change being reported failed");
    });

    await expect(failed).rejects.toThrow("the change being reported failed");
    expect(await prisma.securityEvent.count({ where: { userId: user.id } })).toBe(0);
    expect(await emailsTo(user.email)).toEqual([]);
  });
});

describe("listEvents", () => {
  it("pages through the account's events, newest first, and says when there are more", async () => {
    const user = await createUser();
    const stranger = await createUser();
    const types: SecurityEventType[] = ["account_created", "signed_in", "passkey_added", "passkey_renamed", "signed_in"];
    for (const type of types) await recordEvent({ userId: user.id, type, client: CLIENT });
    await recordEvent({ userId: stranger.id, type: "signed_in", client: CLIENT });
    // One second apart, oldest first, whatever order the clock gave them.
    const rows = await prisma.securityEvent.findMany({ where: { userId: user.id } });
    const ids = rows.map((row) => row.id);
    for (const [index, id] of ids.entries()) {
      await prisma.securityEvent.update({ where: { id }, data: { createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, index)) } });
    }
    const newestFirst = [...ids].reverse();

    const page1 = await listEvents(user.id, 1, 2);
    const page2 = await listEvents(user.id, 2, 2);
    const page3 = await listEvents(user.id, 3, 2);

    expect(page1.events.map((event) => event.id)).toEqual(newestFirst.slice(0, 2));
    expect(page1.hasMore).toBe(true);
    expect(page2.events.map((event) => event.id)).toEqual(newestFirst.slice(2, 4));
    expect(page2.hasMore).toBe(true);
    expect(page3.events.map((event) => event.id)).toEqual(newestFirst.slice(4));
    expect(page3.hasMore).toBe(false);
    expect(await listEvents(user.id, 4, 2)).toEqual({ events: [], hasMore: false });
  });

  it("has no more pages when the last page is exactly full", async () => {
    const user = await createUser();
    for (let i = 0; i < 4; i += 1) await recordEvent({ userId: user.id, type: "signed_in", client: CLIENT });

    expect((await listEvents(user.id, 2, 2)).hasMore).toBe(false);
    expect((await listEvents(user.id, 1, 20)).events).toHaveLength(4);
  });
});

describe("describeEvent", () => {
  it.each<[SecurityEventType | "something_new", EventDetail, string]>([
    ["account_created", { passkeyName: "iCloud Keychain" }, "Account created with passkey “iCloud Keychain”"],
    ["signed_in", { method: "passkey", passkeyName: "YubiKey 5" }, "Signed in with passkey “YubiKey 5”"],
    ["account_created", {}, "Account created with a passkey"],
    ["signed_in", { method: "passkey" }, "Signed in with a passkey"],
    ["signed_in", { method: "recovery" }, "Signed in with a recovery code"],
    ["sign_in_failed", { method: "passkey", passkeyName: "YubiKey 5" }, "Failed sign-in attempt with passkey “YubiKey 5”"],
    ["sign_in_failed", { method: "passkey" }, "Failed sign-in attempt with a passkey"],
    ["sign_in_failed", { method: "recovery" }, "Failed sign-in attempt with a recovery code"],
    ["passkey_added", { passkeyName: "Work laptop" }, "Passkey added: “Work laptop”"],
    ["passkey_renamed", { previousName: "Passkey", passkeyName: "Work laptop" }, "Passkey renamed from “Passkey” to “Work laptop”"],
    ["passkey_removed", { passkeyName: "Old phone" }, "Passkey removed: “Old phone”"],
    ["passkey_became_synced", { passkeyName: "Work laptop" }, "Passkey “Work laptop” is now synced: its provider reported copying it to other devices"],
    ["passkey_became_synced", {}, "A passkey is now synced: its provider reported copying it to other devices"],
    ["policy_changed", { deviceBoundOnly: true }, "Only device-bound passkeys are now allowed"],
    ["policy_changed", { deviceBoundOnly: false }, "Synced passkeys are now allowed"],
    ["profile_changed", { fields: ["email", "name"] }, "Profile changed: email and name"],
    ["profile_changed", {}, "Profile changed: details"],
    ["recovery_codes_generated", {}, "Recovery codes generated"],
    ["email_recovery_requested", {}, "Recovery by email requested: a link was sent to your email address"],
    ["email_recovery_started", { readyAt: "2026-12-06T05:00:00.000Z" }, "Recovery by email started: the waiting period began"],
    ["email_recovery_cancelled", { reason: "owner" }, "Recovery by email cancelled"],
    ["email_recovery_cancelled", { reason: "passkey_sign_in" }, "Recovery by email cancelled by a sign-in with a passkey"],
    ["email_recovery_completed", { passkeyName: "Phone" }, "Recovery by email completed: a new passkey was added and every other device signed out"],
    ["signed_in", { method: "email_recovery", passkeyName: "Phone" }, "Signed in through recovery by email with new passkey “Phone”"],
    ["recovery_code_used", {}, "Recovery code used"],
    ["session_signed_out", { scope: "this" }, "Signed out"],
    ["session_signed_out", { scope: "other", device: "Firefox on Windows" }, "Signed out Firefox on Windows"],
    ["session_signed_out", { scope: "other" }, "Signed out another device"],
    ["session_signed_out", { scope: "everywhere-else", count: 1 }, "Signed out everywhere else (1 device)"],
    ["session_signed_out", { scope: "everywhere-else", count: 3 }, "Signed out everywhere else (3 devices)"],
    ["something_new", {}, "Account activity"],
  ])("describes %s %j as %j", (type, detail, expected) => {
    expect(describeEvent({ type, detail: detail as never })).toBe(expected);
  });

  it.each<[SecurityEventType, EventDetail, string]>([
    ["signed_in", { method: "passkey", passkeyName: "YubiKey 5" }, "Angemeldet mit Passkey „YubiKey 5“"],
    ["passkey_renamed", { previousName: "Passkey", passkeyName: "Laptop" }, "Passkey umbenannt von „Passkey“ in „Laptop“"],
    ["policy_changed", { deviceBoundOnly: true, count: 1 }, "Nur noch gerätegebundene Passkeys sind erlaubt; 1 Gerät mit einem synchronisierten Passkey abgemeldet"],
    ["session_signed_out", { scope: "everywhere-else", count: 3 }, "Überall sonst abgemeldet (3 Geräte)"],
    ["recovery_codes_generated", {}, "Wiederherstellungscodes erstellt"],
  ])("describes %s %j in German as %j", (type, detail, expected) => {
    expect(describeEvent({ type, detail: detail as never }, "de")).toBe(expected);
  });
});
