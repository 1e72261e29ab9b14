import { describe, expect, it } from "vitest";
import { ZERO_AAGUID } from "../passkeys/aaguid";
import { IDLE_SESSION_DAYS, isDeviceBoundSecurityKey, securityCheckup, type CheckupState, type Finding } from "./checkup";

const NOW = new Date("2027-03-01T12:00:00Z");
const DAY_MS = 24 * 60 * 60 * 1000;
const IDLE_LIMIT_MS = IDLE_SESSION_DAYS * DAY_MS;

const APPLE = "fbfc3007-154e-4ecc-8c0b-6e020557d7bd"; // Apple Passwords
const GOOGLE = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4"; // Google Password Manager
const YUBIKEY = "ee882879-721c-4913-9775-3dfcce97072a"; // YubiKey 5 Series
const UNLISTED = "12345678-1234-1234-1234-123456789abc";

type PasskeyFacts = CheckupState["passkeys"][number];
type SessionFacts = CheckupState["sessions"][number];

function synced(aaguid: string): PasskeyFacts {
  return { aaguid, backupEligible: true, transports: ["internal", "hybrid"], attachment: "platform" };
}

function securityKey(aaguid = YUBIKEY): PasskeyFacts {
  return { aaguid, backupEligible: false, transports: ["usb", "nfc"], attachment: "cross-platform" };
}

function builtIn(): PasskeyFacts {
  return { aaguid: ZERO_AAGUID, backupEligible: false, transports: ["internal"], attachment: "platform" };
}

function session(idleMs: number, overrides: Partial<SessionFacts> = {}): SessionFacts {
  return { lastSeenAt: new Date(NOW.getTime() - idleMs), expiresAt: new Date(NOW.getTime() + DAY_MS), revokedAt: null, ...overrides };
}

/** An account with nothing to fix: two security keys, codes left, a confirmed address, one recent session. */
function healthy(overrides: Partial<CheckupState> = {}): CheckupState {
  return {
    user: { email: "person@example.com", emailConfirmedAt: new Date(NOW.getTime() - DAY_MS), deviceBoundOnly: false },
    passkeys: [securityKey(), securityKey()],
    recoveryCodes: { unused: 10, total: 10 },
    sessions: [session(0)],
    // An operator raised the idle timeout to 90 days: only then can a session idle for 30 be alive.
    sessionIdleMs: 90 * DAY_MS,
    ...overrides,
  };
}

function kinds(state: CheckupState): Finding["kind"][] {
  return securityCheckup(state, NOW).map((finding) => finding.kind);
}

describe("securityCheckup", () => {
  it("finds nothing on a healthy account", () => {
    expect(securityCheckup(healthy(), NOW)).toEqual([]);
  });

  describe("only one passkey", () => {
    it("is found with one passkey and not with two", () => {
      expect(kinds(healthy({ passkeys: [securityKey()] }))).toEqual(["single-passkey"]);
      expect(kinds(healthy({ passkeys: [securityKey(), builtIn()] }))).toEqual([]);
    });

    it("counts only the passkeys the policy lets the account sign in with", () => {
      const user = { ...healthy().user, deviceBoundOnly: true };
      expect(kinds(healthy({ user, passkeys: [securityKey(), synced(APPLE)] }))).toEqual(["single-passkey"]);
      expect(kinds(healthy({ user, passkeys: [securityKey(), builtIn(), synced(APPLE)] }))).toEqual([]);
    });
  });

  describe("recovery codes", () => {
    it("is found when none were ever created", () => {
      expect(securityCheckup(healthy({ recoveryCodes: { unused: 0, total: 0 } }), NOW)).toEqual([{ kind: "no-recovery-codes", everCreated: false }]);
    });

    it("counts spent codes as gone", () => {
      expect(securityCheckup(healthy({ recoveryCodes: { unused: 0, total: 10 } }), NOW)).toEqual([{ kind: "no-recovery-codes", everCreated: true }]);
      expect(kinds(healthy({ recoveryCodes: { unused: 1, total: 10 } }))).toEqual([]);
    });
  });

  describe("every passkey with one provider", () => {
    it("is found when two or more synced passkeys share a named provider", () => {
      const findings = securityCheckup(healthy({ passkeys: [synced(GOOGLE), synced(GOOGLE), synced(GOOGLE)] }), NOW);
      expect(findings).toEqual([{ kind: "one-provider", provider: "Google Password Manager" }]);
    });

    it("is not found across two providers", () => {
      expect(kinds(healthy({ passkeys: [synced(GOOGLE), synced(APPLE)] }))).toEqual([]);
    });

    it("leaves a single passkey to the one-passkey finding", () => {
      expect(kinds(healthy({ passkeys: [synced(GOOGLE)] }))).toEqual(["single-passkey"]);
    });

    it("says nothing when a provider has no name (an all-zero or unlisted AAGUID may be anyone's)", () => {
      expect(kinds(healthy({ passkeys: [synced(ZERO_AAGUID), synced(ZERO_AAGUID)] }))).toEqual([]);
      expect(kinds(healthy({ passkeys: [synced(UNLISTED), synced(UNLISTED)] }))).toEqual([]);
      expect(kinds(healthy({ passkeys: [synced(GOOGLE), synced(ZERO_AAGUID)] }))).toEqual([]);
    });

    it("doesn't count device-bound security keys of one make as one point of failure", () => {
      expect(kinds(healthy({ passkeys: [securityKey(YUBIKEY), securityKey(YUBIKEY)] }))).toEqual([]);
    });
  });

  describe("idle sessions", () => {
    it(`is found for a live session unused for more than ${IDLE_SESSION_DAYS} days, not for exactly that long`, () => {
      expect(kinds(healthy({ sessions: [session(0), session(IDLE_LIMIT_MS)] }))).toEqual([]);
      expect(securityCheckup(healthy({ sessions: [session(0), session(IDLE_LIMIT_MS + 1)] }), NOW)).toEqual([{ kind: "idle-sessions", count: 1 }]);
    });

    it("counts every idle session", () => {
      const sessions = [session(0), session(IDLE_LIMIT_MS + 1), session(IDLE_LIMIT_MS + 5 * DAY_MS)];
      expect(securityCheckup(healthy({ sessions }), NOW)).toEqual([{ kind: "idle-sessions", count: 2 }]);
    });

    it("doesn't count sessions that no longer sign a browser in: revoked, expired, or past the idle timeout", () => {
      const old = IDLE_LIMIT_MS + DAY_MS;
      const sessions = [
        session(old, { revokedAt: new Date(NOW.getTime() - DAY_MS) }),
        session(old, { expiresAt: NOW }),
        session(old, { expiresAt: new Date(NOW.getTime() - 1) }),
      ];
      expect(kinds(healthy({ sessions }))).toEqual([]);
      // Under the default week-long idle timeout the server has already signed it out.
      expect(kinds(healthy({ sessions: [session(old)], sessionIdleMs: 7 * DAY_MS }))).toEqual([]);
      expect(kinds(healthy({ sessions: [session(old)], sessionIdleMs: old }))).toEqual([]);
      expect(kinds(healthy({ sessions: [session(old)], sessionIdleMs: old + 1 }))).toEqual(["idle-sessions"]);
    });
  });

  describe("unconfirmed email", () => {
    it("is found until the address is confirmed", () => {
      const user = { ...healthy().user, emailConfirmedAt: null };
      expect(securityCheckup(healthy({ user }), NOW)).toEqual([{ kind: "unconfirmed-email", email: "person@example.com" }]);
    });
  });

  describe("synced passkeys next to a security key", () => {
    it("suggests the device-bound-only policy while it is off", () => {
      expect(kinds(healthy({ passkeys: [securityKey(), synced(APPLE)] }))).toEqual(["synced-with-security-key"]);
      const user = { ...healthy().user, deviceBoundOnly: true };
      expect(kinds(healthy({ user, passkeys: [securityKey(), builtIn(), synced(APPLE)] }))).toEqual([]);
    });

    it("needs a device-bound cross-platform passkey, not a built-in one", () => {
      expect(kinds(healthy({ passkeys: [builtIn(), synced(APPLE)] }))).toEqual([]);
    });

    it("needs a synced passkey", () => {
      expect(kinds(healthy({ passkeys: [securityKey(), builtIn()] }))).toEqual([]);
    });
  });

  it("orders the findings most severe first", () => {
    const state: CheckupState = {
      user: { email: "person@example.com", emailConfirmedAt: null, deviceBoundOnly: false },
      passkeys: [synced(APPLE)],
      recoveryCodes: { unused: 0, total: 0 },
      sessions: [session(0), session(IDLE_LIMIT_MS + DAY_MS)],
      sessionIdleMs: 90 * DAY_MS,
    };
    expect(kinds(state)).toEqual(["single-passkey", "no-recovery-codes", "idle-sessions", "unconfirmed-email"]);
    const shared = { ...state, passkeys: [synced(APPLE), synced(APPLE)] };
    expect(kinds(shared)).toEqual(["no-recovery-codes", "one-provider", "idle-sessions", "unconfirmed-email"]);
    const withKey = { ...state, passkeys: [securityKey(), synced(APPLE)] };
    expect(kinds(withKey)).toEqual(["no-recovery-codes", "idle-sessions", "unconfirmed-email", "synced-with-security-key"]);
  });
});

describe("isDeviceBoundSecurityKey", () => {
  it("goes by the attachment the browser reported, else by a security key's transports", () => {
    expect(isDeviceBoundSecurityKey(securityKey())).toBe(true);
    expect(isDeviceBoundSecurityKey({ ...securityKey(), backupEligible: true })).toBe(false);
    expect(isDeviceBoundSecurityKey(builtIn())).toBe(false);
    expect(isDeviceBoundSecurityKey({ backupEligible: false, transports: ["usb"], attachment: null })).toBe(true);
    expect(isDeviceBoundSecurityKey({ backupEligible: false, transports: ["usb", "internal"], attachment: null })).toBe(false);
    expect(isDeviceBoundSecurityKey({ backupEligible: false, transports: [], attachment: null })).toBe(false);
  });
});
