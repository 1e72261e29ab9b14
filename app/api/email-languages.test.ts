import { beforeEach, describe, expect, it } from "vitest";
import { POST as signUpOptions } from "@/app/api/account/sign-up/options/route";
import { POST as signUpVerify } from "@/app/api/account/sign-up/verify/route";
import { POST as startRecovery } from "@/app/api/recovery/email/start/route";
import { recordEvent } from "@/lib/server/activity/activity";
import { prisma } from "@/lib/server/platform/db";
import { defaultPasskeyName } from "@/lib/server/passkeys/aaguid";
import { createUser, signUpAccount } from "@/lib/testing/factories";
import { emailsTo } from "@/lib/testing/mail-helpers";
import { callRoute } from "@/lib/testing/route-harness";
import { uniqueEmail } from "@/lib/testing/unique-email";

// Mail goes out in the account's language (users.locale), whoever's request queued it: the
// owner's own choice at sign-up or in the footer, never a stranger's browser.

const GERMAN = { "accept-language": "de-DE,de;q=0.9" };
const CLIENT = { ipAddress: "203.0.113.7", userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36" };

beforeEach(async () => {
  await prisma.rateLimit.deleteMany();
});

describe("the language of the portal's emails", () => {
  it("is the signing-up browser's: a German sign-up stores German and gets its code in German", async () => {
    const email = uniqueEmail("de");
    const { user, passkey } = await signUpAccount({ email, confirmed: false, routes: { options: signUpOptions, verify: signUpVerify }, headers: GERMAN });

    expect(user.locale).toBe("de");
    // Its first passkey's default name is stored in German too (no provider name for the test authenticator).
    expect(passkey.name).toBe(defaultPasskeyName({ ...passkey, locale: "de" }));
    expect(passkey.name).not.toBe(defaultPasskeyName({ ...passkey, locale: "en" }));
    const [mail] = await emailsTo(email);
    expect(mail.subject).toBe("Bestätigen Sie Ihre E-Mail-Adresse");
    expect(mail.text).toMatch(/^Guten Tag,\n\nJemand, hoffentlich Sie, hat bei .* ein Konto erstellt\./);
    expect(mail.text).toMatch(/^Bestätigungscode: \d{4} \d{4}$/m);
    expect(mail.text).toContain("laufen in 24 Stunden ab.");
    expect(mail.html).toContain("<strong>Wann:</strong>");
  });

  it("stays English, word for word, for an English account", async () => {
    const email = uniqueEmail("en");
    const { user } = await signUpAccount({ email, confirmed: false, routes: { options: signUpOptions, verify: signUpVerify } });

    expect(user.locale).toBe("en");
    const [mail] = await emailsTo(email);
    expect(mail.subject).toBe("Confirm your email address");
    expect(mail.text).toMatch(/^Hello,\n\nSomeone, hopefully you, created an account at .* with this email address\./);
    expect(mail.text).toContain("The code and the link work once and expire in 24 hours.");
    expect(mail.text).toMatch(/^When: .* UTC$/m);
  });

  it("writes a German account's security notice in German, facts and dates included", async () => {
    const user = await createUser({ locale: "de" });
    await recordEvent({ userId: user.id, type: "recovery_codes_generated", client: CLIENT, notify: "recovery_codes_generated" });

    const [mail] = await emailsTo(user.email);
    expect(mail.subject).toBe("Neue Wiederherstellungscodes wurden erstellt");
    expect(mail.text).toContain("Für Ihr Konto wurden neue Wiederherstellungscodes erstellt.");
    expect(mail.text).toMatch(/^Wann: [^\s,]+, \d{1,2}\. [^\s]+ \d{4} um \d{2}:\d{2}:\d{2} UTC$/m);
    expect(mail.text).toContain("Gerät: Chrome unter Windows");
    expect(mail.text).toContain("IP-Adresse: 203.0.113.7");
    expect(mail.text).toContain("Wenn Sie das nicht waren, melden Sie sich unter");
    expect(mail.text).not.toMatch(/\b(Hello|When|If this wasn't you)\b/);
  });

  it("keeps an English account's notice in English", async () => {
    const user = await createUser();
    await recordEvent({ userId: user.id, type: "recovery_codes_generated", client: CLIENT, notify: "recovery_codes_generated" });

    const [mail] = await emailsTo(user.email);
    expect(mail.subject).toBe("New recovery codes were created");
    expect(mail.text).toContain("Device: Chrome on Windows");
  });

  it("is the account's, not the stranger's: a recovery started from a German browser mails an English owner in English", async () => {
    const owner = await createUser();
    const result = await callRoute(startRecovery, { path: "/api/recovery/email/start", body: { email: owner.email }, headers: GERMAN });

    // The stranger reads the page's answer in their language…
    expect(result.body).toEqual({ message: expect.stringMatching(/^Wenn diese E-Mail-Adresse die bestätigte Adresse eines Kontos ist/) });
    // …and the owner their mail in theirs.
    const [mail] = await emailsTo(owner.email);
    expect(mail.kind).toBe("email_recovery_link");
    expect(mail.subject).toBe("Recover your account");
    expect(mail.text).toMatch(/^Hello,\n\nSomeone, hopefully you, asked to recover the account/);
  });

  it("mails a German owner in German even when the recovery comes from an English browser", async () => {
    const owner = await createUser({ locale: "de" });
    expect((await callRoute(startRecovery, { path: "/api/recovery/email/start", body: { email: owner.email }, headers: { "accept-language": "en" } })).status).toBe(200);

    const [mail] = await emailsTo(owner.email);
    expect(mail.subject).toBe("Ihr Konto wiederherstellen");
    expect(mail.text).toContain("Wiederherstellung starten: ");
  });
});
