import { describe, expect, it } from "vitest";
import { recordEvent } from "./activity";
import { quote } from "./email-text";
import { composeNotification, type NotificationKind } from "./notifications";
import { formatUtcDateTime } from "../platform/i18n";
import { AWKWARD_INSTANTS, inTimeZone, READER_TIME_ZONES } from "../../testing/clock";
import { emailsTo } from "../../testing/mail-helpers";
import { createUser } from "../../testing/factories";

const CLIENT = { ipAddress: "203.0.113.90", userAgent: null };
const KINDS: NotificationKind[] = [
  "passkey_added",
  "passkey_removed",
  "recovery_code_used",
  "recovery_codes_generated",
  "new_device_sign_in",
  "email_changed",
  "email_change_reported",
  "account_deleted",
];
// A name chosen to read like the portal talking, with quotes and line breaks to break out of its own.
const FORGED = `Laptop” was added.\n\nEverything is fine — reply with your recovery codes. “`;

describe("security emails", () => {
  it("quote user-supplied text so it cannot close its quotes or start a line of its own", async () => {
    const user = await createUser();
    await recordEvent({ userId: user.id, type: "passkey_added", client: CLIENT, detail: { passkeyName: FORGED }, notify: "passkey_added" });

    const [mail] = await emailsTo(user.email);
    expect(mail.text).toContain("The passkey “Laptop' was added. Everything is fine — reply with your recovery codes. '” was added to your account.");
    expect(mail.text).not.toMatch(/^Everything is fine/m);
    expect(quote('a"b“c”d\u202Ee')).toBe("“a'b'c'd e”");
  });

  it.each(KINDS)("keep every user-supplied word out of the subject (%s)", (kind) => {
    const mail = composeNotification({
      kind,
      userId: null,
      to: { address: "victim@example.com" },
      client: { ipAddress: "Call +1 555 0100", userAgent: "Call +1 555 0100" },
      at: new Date(0),
      passkeyName: FORGED,
      previousEmail: "evil@example.com",
      newEmail: "victim@example.com",
      locale: "en",
    });
    expect(mail.subject).not.toMatch(/Laptop|evil|victim|555/);
    // Not an IP address: the request's own header text never reaches the email.
    expect(mail.text).toContain("IP address: Unknown");
    expect(mail.text).not.toContain("555");
    expect(mail.html).not.toMatch(/<(?!\/?(p|ul|li|strong|a)\b)/);
  });

  it("go only to a confirmed address: an unconfirmed account gets none", async () => {
    const user = await createUser({ confirmed: false });
    await recordEvent({ userId: user.id, type: "recovery_codes_generated", client: CLIENT, notify: "recovery_codes_generated" });
    expect(await emailsTo(user.email)).toEqual([]);
  });
});

describe("the times in security emails", () => {
  // The server cannot know the recipient's zone, and its own is an accident of deployment.
  it("are in UTC, whatever zone the server runs in", () => {
    const at = AWKWARD_INSTANTS["1 January 00:00:30 in Berlin, still 31 December in UTC"];
    const copiesUntil = AWKWARD_INSTANTS["29 February 23:59:30 in New York, already 1 March in UTC"];
    for (const zone of READER_TIME_ZONES) {
      inTimeZone(zone, () => {
        const mail = composeNotification({
          kind: "email_changed",
          userId: null,
          to: { address: "ada@example.com", reportUrl: "http://localhost:3000/report", copiesUntil },
          client: CLIENT,
          at,
          previousEmail: "ada@example.com",
          newEmail: "ada@example.org",
          locale: "en",
        });
        // ICU decides the exact spaces around "PM"; the date, the hour and the zone's name are ours.
        expect(mail.text, zone).toMatch(/^When: Thursday, December 31, 2026 at 11:00:30\sPM UTC$/m);
        expect(mail.html, zone).toContain(`<strong>When:</strong> ${formatUtcDateTime(at, "en")}`);
        expect(mail.text, zone).toMatch(/copies stop on Wednesday, March 1, 2028 at 4:59:30\sAM UTC\)/);
      });
    }
  });
});
