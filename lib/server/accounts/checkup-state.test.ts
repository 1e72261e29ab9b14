import { describe, expect, it, vi } from "vitest";
import { prisma } from "../platform/db";
import { generateRecoveryCodes } from "../recovery/recovery-codes";
import { revokeSession } from "../sessions/sessions";
import { addPasskeyTo, openSession, signUpAccount } from "../../testing/factories";
import { IDLE_SESSION_DAYS, securityCheckup, type Finding } from "./checkup";
import { readCheckupState } from "./checkup-state";

const DAY_MS = 24 * 60 * 60 * 1000;
const CLIENT = { ipAddress: null, userAgent: null };

async function findingsOf(userId: string, read = readCheckupState): Promise<Finding[]> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  return securityCheckup(await read(user), new Date());
}

describe("readCheckupState", () => {
  it("finds what a new account lacks, and nothing once it is fixed", async () => {
    const { user } = await signUpAccount({ confirmed: false });
    expect(await findingsOf(user.id)).toEqual([
      { kind: "single-passkey" },
      { kind: "no-recovery-codes", everCreated: false },
      { kind: "unconfirmed-email", email: user.email },
    ]);

    await addPasskeyTo(user, { transports: ["usb"], attachment: "cross-platform" });
    await generateRecoveryCodes(user.id, CLIENT);
    await prisma.user.update({ where: { id: user.id }, data: { emailConfirmedAt: new Date() } });
    expect(await findingsOf(user.id)).toEqual([]);
  });

  it("reads the full rows /account shows, and the account's own data only", async () => {
    const { user } = await signUpAccount();
    const other = await signUpAccount();
    await generateRecoveryCodes(other.user.id, CLIENT);
    const state = await readCheckupState(user);
    expect(state.passkeys.map((passkey) => passkey.userId)).toEqual([user.id]);
    expect(state.recoveryCodes).toEqual({ unused: 0, total: 0, createdAt: null });
    expect(state.sessions.every((session) => session.userId === user.id)).toBe(true);
  });

  it(`finds live sessions idle over ${IDLE_SESSION_DAYS} days where SESSION_IDLE_MINUTES allows them, and not revoked ones`, async () => {
    const { user } = await signUpAccount();
    await addPasskeyTo(user);
    await generateRecoveryCodes(user.id, CLIENT);
    const idle = await openSession(user.id);
    const revoked = await openSession(user.id);
    const longAgo = new Date(Date.now() - (IDLE_SESSION_DAYS + 1) * DAY_MS);
    const later = new Date(Date.now() + DAY_MS);
    await prisma.session.updateMany({ where: { id: { in: [idle.id, revoked.id] } }, data: { lastSeenAt: longAgo, expiresAt: later } });
    await revokeSession(revoked.id);
    // Under the default idle timeout (a week) the server has signed that session out already.
    expect(await findingsOf(user.id)).toEqual([]);

    vi.stubEnv("SESSION_IDLE_MINUTES", String(60 * 24 * 60));
    vi.resetModules();
    try {
      const configured = await import("./checkup-state");
      expect(await findingsOf(user.id, configured.readCheckupState)).toEqual([{ kind: "idle-sessions", count: 1 }]);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});
