import { beforeEach, describe, expect, it, vi } from "vitest";
import { recordEvent } from "./activity";
import { prisma } from "../platform/db";
import type { OutboxEmail } from "../../generated/prisma/client";
import { mailboxTransport, type MailTransport } from "./mailer";
import { deliverPending, pruneDelivered, releaseHeldLeases, stopOutboxWorker } from "./outbox";
import { enqueueEmail, MAX_ATTEMPTS, retryDelayMs } from "./mail-queue";
import { createUser } from "../../testing/factories";
import { uniqueEmail } from "../../testing/unique-email";
import { ORIGIN } from "../../testing/route-harness";
import { capturingTransport, emailsTo, failingTransport, outboxWorkerRunning } from "../../testing/mail-helpers";

const SAFARI_ON_MACOS =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
const CLIENT = { ipAddress: "203.0.113.42", userAgent: SAFARI_ON_MACOS };

function queue(to = uniqueEmail("mail")): Promise<OutboxEmail> {
  return enqueueEmail(prisma, { userId: null, kind: "test", to, subject: `Test for ${to}`, text: "Hello", html: "<p>Hello</p>" });
}

function reload(email: OutboxEmail): Promise<OutboxEmail> {
  return prisma.outboxEmail.findUniqueOrThrow({ where: { id: email.id } });
}

// Delivery compares with the database's now(), whose clock may differ from this process's: these
// move stored times relative to it.
async function makeDue(email: OutboxEmail): Promise<void> {
  await prisma.$executeRaw`UPDATE outbox_emails SET next_attempt_at = now() - interval '1 second' WHERE id = ${email.id}::uuid`;
}

async function leaseFor(email: OutboxEmail, seconds: number): Promise<void> {
  await prisma.$executeRaw`UPDATE outbox_emails SET locked_until = now() + make_interval(secs => ${seconds}) WHERE id = ${email.id}::uuid`;
}

// deliverPending takes every due message: each test starts from an empty outbox.
beforeEach(async () => {
  await prisma.outboxEmail.deleteMany();
});

describe("deliverPending", () => {
  it("sends a security email as a real message with the sender, recipient, device, IP address and guidance", async () => {
    const user = await createUser({ displayName: "Ada Lovelace" });
    await recordEvent({ userId: user.id, type: "passkey_added", client: CLIENT, detail: { passkeyName: "YubiKey 5" }, notify: "passkey_added" });
    const mail = capturingTransport();

    expect(await deliverPending({ transport: mail.transport })).toEqual({ sent: 1, failed: 0 });

    const [message] = await mail.parsed();
    expect(message.to).toMatchObject({ value: [{ address: user.email }] });
    expect(message.from?.value).toEqual([{ address: "no-reply@localhost.localdomain", name: "Passkey Portal (test)" }]);
    expect(message.subject).toBe("A passkey was added to your account");
    const text = message.text ?? "";
    expect(text).toMatch(/^Hello,\n/);
    expect(text).not.toContain("Ada Lovelace");
    expect(text).toContain("The passkey “YubiKey 5” was added to your account.");
    expect(text).toContain("Device: Safari on macOS");
    expect(text).toContain("IP address: 203.0.113.42");
    expect(text).toContain("If this wasn't you, sign in at");
    expect(text).toContain(`${ORIGIN}/account/passkeys`);
    expect(message.html).toContain("<strong>Device:</strong> Safari on macOS");

    const [row] = await emailsTo(user.email);
    expect(row).toMatchObject({ transport: "smtp", messageId: message.messageId, attempts: 1, lockedUntil: null, lastError: null, failedAt: null });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(await deliverPending({ transport: mail.transport })).toEqual({ sent: 0, failed: 0 });
    expect(mail.sent).toHaveLength(1);
  });

  it("escapes the account's own words in the HTML part, and leaves the display name out", async () => {
    const user = await createUser({ displayName: "<img src=x onerror=alert(1)>" });
    await recordEvent({ userId: user.id, type: "passkey_removed", client: CLIENT, detail: { passkeyName: "<b>key</b>" }, notify: "passkey_removed" });
    const mail = capturingTransport();

    await deliverPending({ transport: mail.transport });

    const [message] = await mail.parsed();
    expect(message.html).not.toContain("<img");
    expect(message.html).not.toContain("<b>key</b>");
    expect(message.html).toContain("“&#60;b&#62;key&#60;/b&#62;”");
    expect(message.text).toContain("The passkey “<b>key</b>” was removed");
    expect(message.text).not.toContain("<img");
  });

  it("builds the message for the local mailbox too, and marks it delivered there", async () => {
    const email = await queue();
    expect(await deliverPending({ transport: mailboxTransport() })).toEqual({ sent: 1, failed: 0 });
    const delivered = await reload(email);
    expect(delivered).toMatchObject({ transport: "mailbox", lastError: null });
    expect(delivered.messageId).toMatch(/^<.+@.+>$/);
  });

  it("keeps a message it could not deliver, and retries it once its back-off has passed", async () => {
    const email = await queue();
    const broken = failingTransport("connect ECONNREFUSED 127.0.0.1:587");
    const before = Date.now();

    expect(await deliverPending({ transport: broken })).toEqual({ sent: 0, failed: 1 });

    const after = Date.now();
    const failed = await reload(email);
    expect(failed).toMatchObject({ attempts: 1, sentAt: null, failedAt: null, lockedUntil: null, lastError: "connect ECONNREFUSED 127.0.0.1:587" });
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + retryDelayMs(1));
    expect(failed.nextAttemptAt.getTime()).toBeLessThanOrEqual(after + retryDelayMs(1));

    // Not due yet: nothing is attempted.
    const mail = capturingTransport();
    expect(await deliverPending({ transport: mail.transport })).toEqual({ sent: 0, failed: 0 });
    expect(mail.sent).toEqual([]);

    await makeDue(email);
    expect(await deliverPending({ transport: mail.transport })).toEqual({ sent: 1, failed: 0 });
    expect(await reload(email)).toMatchObject({ attempts: 2, lastError: null, transport: "smtp" });
    expect(mail.sent.map((sent) => sent.to)).toEqual([email.toAddress]);
  });

  it("backs off 30 seconds, then twice as long after each failure, up to an hour", async () => {
    expect([1, 2, 3, 4, 7, 8, 20].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000]);

    const email = await queue();
    const broken = failingTransport();
    await deliverPending({ transport: broken });
    await makeDue(email);
    const before = Date.now();
    await deliverPending({ transport: broken });
    const after = Date.now();

    const twice = await reload(email);
    expect(twice.attempts).toBe(2);
    expect(twice.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect(twice.nextAttemptAt.getTime()).toBeLessThanOrEqual(after + 60_000);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts and never tries again`, async () => {
    const email = await queue();
    await prisma.outboxEmail.update({ where: { id: email.id }, data: { attempts: MAX_ATTEMPTS - 2 } });
    const broken = failingTransport();

    await deliverPending({ transport: broken });
    expect(await reload(email)).toMatchObject({ attempts: MAX_ATTEMPTS - 1, failedAt: null });

    await makeDue(email);
    await deliverPending({ transport: broken });
    const abandoned = await reload(email);
    expect(abandoned).toMatchObject({ attempts: MAX_ATTEMPTS, sentAt: null });
    expect(abandoned.failedAt).toBeInstanceOf(Date);

    await makeDue(email);
    const mail = capturingTransport();
    expect(await deliverPending({ transport: mail.transport })).toEqual({ sent: 0, failed: 0 });
    expect(broken.calls).toBe(2);
    expect(mail.sent).toEqual([]);
  });

  it("leaves a message another instance is delivering alone until its lease runs out", async () => {
    const email = await queue();
    await leaseFor(email, 60);
    const mail = capturingTransport();

    expect(await deliverPending({ transport: mail.transport })).toEqual({ sent: 0, failed: 0 });

    await leaseFor(email, -1);
    expect(await deliverPending({ transport: mail.transport })).toEqual({ sent: 1, failed: 0 });
  });

  it("never sends one message twice when two delivery passes run at once", async () => {
    const emails = await Promise.all(Array.from({ length: 12 }, () => queue()));
    const mail = capturingTransport({ delayMs: 20 });

    const results = await Promise.all([deliverPending({ transport: mail.transport }), deliverPending({ transport: mail.transport })]);

    expect(results[0].sent + results[1].sent).toBe(12);
    expect(mail.sent.map((sent) => sent.to).sort()).toEqual(emails.map((email) => email.toAddress).sort());
    for (const email of emails) expect(await reload(email)).toMatchObject({ attempts: 1, transport: "smtp" });
  });
});

describe("releaseHeldLeases", () => {
  it("hands back the leases this process holds on unsent messages, without counting the attempt", async () => {
    const emails = [await queue(), await queue()];
    let unblock!: () => void;
    const blocked = new Promise<void>((resolve) => (unblock = resolve));
    let started = 0;
    // An SMTP server that accepted the connection and went quiet.
    const stalled: MailTransport = {
      name: "smtp",
      async send() {
        started += 1;
        await blocked;
        return { messageId: `<stalled-${started}@test>` };
      },
    };
    const pass = deliverPending({ transport: stalled });
    await vi.waitFor(() => expect(started).toBe(1));
    for (const email of emails) expect(await reload(email)).toMatchObject({ attempts: 1, lockedUntil: expect.any(Date) });

    expect(await releaseHeldLeases()).toBe(2);

    for (const email of emails) expect(await reload(email)).toMatchObject({ attempts: 0, lockedUntil: null, sentAt: null });
    unblock();
    await pass;
    expect(await releaseHeldLeases()).toBe(0);
  });

  it("leaves alone a lease another instance holds", async () => {
    const email = await queue();
    await leaseFor(email, 60);

    expect(await releaseHeldLeases()).toBe(0);

    expect((await reload(email)).lockedUntil).not.toBeNull();
  });
});

describe("a broken mail server", () => {
  it("never fails the action that queued the email: the codes are issued and the email waits for a retry", async () => {
    expect(outboxWorkerRunning()).toBe(false);
    vi.stubEnv("SMTP_URL", "smtp://127.0.0.1:1");
    vi.resetModules();
    try {
      // A server process with its background worker, delivering through SMTP that refuses connections.
      const outbox = await import("./outbox");
      const recovery = await import("../recovery/recovery-codes");
      outbox.startOutboxWorker(60 * 60 * 1000);
      const user = await createUser();

      const codes = await recovery.generateRecoveryCodes(user.id, CLIENT);
      expect(codes).toHaveLength(10);

      await vi.waitFor(
        async () => {
          const [email] = await emailsTo(user.email);
          expect(email).toMatchObject({ kind: "recovery_codes_generated", attempts: 1, sentAt: null, lastError: expect.stringMatching(/ECONNREFUSED/) });
        },
        { timeout: 10_000, interval: 100 },
      );
      expect(await prisma.recoveryCode.count({ where: { userId: user.id } })).toBe(10);
    } finally {
      await stopOutboxWorker();
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

describe("pruneDelivered", () => {
  it("forgets SMTP-delivered messages after 30 days but keeps the local mailbox and anything undelivered", async () => {
    const old = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    const [oldSmtp, recentSmtp, oldMailbox, undelivered] = await Promise.all([queue(), queue(), queue(), queue()]);
    await prisma.outboxEmail.update({ where: { id: oldSmtp.id }, data: { sentAt: old, transport: "smtp" } });
    await prisma.outboxEmail.update({ where: { id: recentSmtp.id }, data: { sentAt: new Date(), transport: "smtp" } });
    await prisma.outboxEmail.update({ where: { id: oldMailbox.id }, data: { sentAt: old, transport: "mailbox" } });

    expect(await pruneDelivered()).toBe(1);
    const left = await prisma.outboxEmail.findMany({ select: { id: true } });
    expect(left.map((row) => row.id).sort()).toEqual([recentSmtp.id, oldMailbox.id, undelivered.id].sort());
  });
});
