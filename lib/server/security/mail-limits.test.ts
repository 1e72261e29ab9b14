import { beforeEach, describe, expect, it } from "vitest";
import { recordEvent } from "../activity/activity";
import { prisma } from "../platform/db";
import { requestConfirmation } from "../accounts/email-confirmation";
import { deliverPending } from "../activity/outbox";
import { createUser } from "../../testing/factories";
import { uniqueEmail } from "../../testing/unique-email";
import { capturingTransport, emailsTo } from "../../testing/mail-helpers";

const CLIENT = { ipAddress: "203.0.113.80", userAgent: null };

// deliverPending takes every due message: each test starts from an empty outbox.
beforeEach(async () => {
  await prisma.outboxEmail.deleteMany();
});

describe("a flood of confirmation requests to one address", () => {
  it("mails it at most 5 codes an hour, however many accounts ask", async () => {
    const victim = uniqueEmail("victim");
    for (let i = 0; i < 12; i += 1) {
      const squatter = await createUser({ email: victim, confirmed: false });
      await requestConfirmation(squatter, "signup", victim, { ipAddress: `198.51.100.${i + 1}`, userAgent: null });
    }
    expect(await emailsTo(victim)).toHaveLength(5);
    // The accounts still wait for a code like any other: nobody learns the cap was reached.
    expect(await prisma.emailConfirmation.count({ where: { address: victim } })).toBe(12);
  });

  it("never delays a security notice: the outbox sends it before the requested mail queued earlier", async () => {
    for (let i = 0; i < 8; i += 1) {
      const address = uniqueEmail(`flood-${i}`);
      await requestConfirmation(await createUser({ email: address, confirmed: false }), "signup", address, CLIENT);
    }
    const owner = await createUser();
    await recordEvent({ userId: owner.id, type: "passkey_removed", client: CLIENT, detail: { passkeyName: "Laptop" }, notify: "passkey_removed" });
    const mail = capturingTransport();

    await deliverPending({ transport: mail.transport, limit: 1 });

    expect(mail.sent.map((message) => message.to)).toEqual([owner.email]);
    expect(mail.sent[0].subject).toBe("A passkey was removed from your account");
  });

  it("never caps security notices", async () => {
    const owner = await createUser();
    for (let i = 0; i < 12; i += 1) {
      await recordEvent({ userId: owner.id, type: "recovery_codes_generated", client: CLIENT, notify: "recovery_codes_generated" });
    }
    expect(await emailsTo(owner.email)).toHaveLength(12);
  });
});
