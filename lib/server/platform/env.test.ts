import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadEnv as loadEnvFrom, type AppEnv } from "./env";

const SECRET = "s".repeat(32);

function loadEnv(variables: Record<string, string>): AppEnv {
  return loadEnvFrom({ NODE_ENV: "test", ...variables });
}

function freshDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), "portal-env-test-"));
}

describe("loadEnv", () => {
  it("defaults to a local site on port 3000 with a generated, persisted secret", () => {
    const dataDir = freshDataDir();
    const first = loadEnv({ DATA_DIR: dataDir });

    expect(first).toMatchObject({
      rpId: "localhost",
      rpName: "Passkey Portal",
      origins: ["http://localhost:3000"],
      origin: "http://localhost:3000",
      secure: false,
      databaseUrl: undefined,
      dataDir,
    });
    expect(first.authSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const file = path.join(dataDir, "auth-secret");
    expect(readFileSync(file, "utf8").trim()).toBe(first.authSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = loadEnv({ DATA_DIR: dataDir, PORT: "4000" });
    expect(second.authSecret).toBe(first.authSecret);
    expect(second.origins).toEqual(["http://localhost:4000"]);
    expect(loadEnv({ DATA_DIR: freshDataDir() }).authSecret).not.toBe(first.authSecret);
  });

  it("treats empty variables as unset", () => {
    const result = loadEnv({ DATA_DIR: freshDataDir(), AUTH_SECRET: "", RP_ID: "", ORIGINS: "" });
    expect(result.rpId).toBe("localhost");
    expect(result.authSecret).toHaveLength(43);
  });

  it("prefers a configured AUTH_SECRET and writes no file", () => {
    const dataDir = freshDataDir();
    expect(loadEnv({ DATA_DIR: dataDir, AUTH_SECRET: SECRET }).authSecret).toBe(SECRET);
    expect(existsSync(path.join(dataDir, "auth-secret"))).toBe(false);
  });

  it("accepts a comma-separated ORIGINS list under one parent-domain RP ID; the first is canonical", () => {
    const result = loadEnv({
      ORIGINS: " https://accounts.example.com/ ,https://www.example.com:8443,, ",
      RP_ID: "example.com",
      AUTH_SECRET: SECRET,
      RP_NAME: "Example Accounts",
    });
    expect(result).toMatchObject({
      rpId: "example.com",
      rpName: "Example Accounts",
      origins: ["https://accounts.example.com", "https://www.example.com:8443"],
      origin: "https://accounts.example.com",
      secure: true,
      authSecret: SECRET,
    });
  });

  it("derives the RP ID from the first origin's host", () => {
    expect(loadEnv({ ORIGINS: "https://accounts.example.com", AUTH_SECRET: SECRET }).rpId).toBe("accounts.example.com");
  });

  it.each([
    ["an unrelated domain", "https://accounts.example.com", "other.com"],
    ["a look-alike suffix", "https://notexample.com", "example.com"],
    ["a child of the origin's host", "https://example.com", "accounts.example.com"],
    ["a host with a port", "http://localhost:3000", "localhost:3000"],
  ])("refuses an RP_ID that is %s", (_label, origins, rpId) => {
    expect(() => loadEnv({ ORIGINS: origins, RP_ID: rpId, AUTH_SECRET: SECRET })).toThrow(
      new RegExp(`RP_ID "${rpId}" does not match origin`),
    );
  });

  it("refuses the second origin when only the first fits the RP ID", () => {
    expect(() =>
      loadEnv({ ORIGINS: "https://a.example.com,https://evil.example", RP_ID: "example.com", AUTH_SECRET: SECRET }),
    ).toThrow(/does not match origin https:\/\/evil\.example/);
  });

  it.each(["http://accounts.example.com", "http://192.168.1.20:3000", "http://localhost.evil.example"])(
    "refuses the non-https origin %s",
    (origin) => {
      expect(() => loadEnv({ ORIGINS: origin, AUTH_SECRET: SECRET })).toThrow(/must use https/);
    },
  );

  it("allows plain http for localhost", () => {
    expect(loadEnv({ ORIGINS: "http://localhost:3000", AUTH_SECRET: SECRET }).secure).toBe(false);
  });

  it.each(["http://127.0.0.1:3000", "http://[::1]:3000"])("refuses %s and suggests localhost", (origin) => {
    expect(() => loadEnv({ ORIGINS: origin, AUTH_SECRET: SECRET })).toThrow(/use localhost/);
  });

  it.each([
    ["https://example.com/app", /must be a bare origin/],
    ["https://example.com?x=1", /must be a bare origin/],
    ["example.com", /is not a URL/],
  ])("refuses ORIGINS=%s with a clear message", (origin, message) => {
    expect(() => loadEnv({ ORIGINS: origin, AUTH_SECRET: SECRET })).toThrow(message);
  });

  it("requires AUTH_SECRET once any origin is not localhost, and writes no secret file", () => {
    const dataDir = freshDataDir();
    expect(() => loadEnv({ ORIGINS: "https://accounts.example.com", DATA_DIR: dataDir })).toThrow(
      /AUTH_SECRET is required/,
    );
    expect(existsSync(path.join(dataDir, "auth-secret"))).toBe(false);
  });

  it.each([
    [{ AUTH_SECRET: "too-short" }, /AUTH_SECRET: AUTH_SECRET must be at least 32 characters/],
    [{ DATABASE_URL: "mysql://db/portal" }, /DATABASE_URL must be a postgres/],
    [{ PORT: "70000" }, /PORT/],
    [{ RP_NAME: "x".repeat(65) }, /RP_NAME/],
    [{ DATABASE_POOL_SIZE: "0" }, /DATABASE_POOL_SIZE must be a whole number from 1 to 100/],
    [{ DATABASE_POOL_SIZE: "ten" }, /DATABASE_POOL_SIZE must be a whole number from 1 to 100/],
    [{ DATABASE_POOL_SIZE: "2.5" }, /DATABASE_POOL_SIZE must be a whole number from 1 to 100/],
  ])("reports invalid variables by name: %o", (source, message) => {
    expect(() => loadEnv({ DATA_DIR: freshDataDir(), ...source })).toThrow(message);
  });

  // Browsers refuse an IP address as an RP ID (SecurityError); failing at boot beats failing
  // every ceremony at run time.
  it("refuses an IP-address origin, which cannot be a WebAuthn RP ID", () => {
    expect(() => loadEnv({ ORIGINS: "http://127.0.0.1:3000", AUTH_SECRET: SECRET })).toThrow(/RP_ID|domain/);
  });
});

describe("loadEnv: sessions, proxies and mail", () => {
  const DAY_MS = 24 * 60 * 60 * 1000;

  it("defaults to week-long idle sessions that last at most 30 days, one proxy, and the local mailbox", () => {
    expect(loadEnv({ AUTH_SECRET: SECRET })).toMatchObject({
      sessionIdleMs: 7 * DAY_MS,
      sessionMaxMs: 30 * DAY_MS,
      trustedProxies: 1,
      smtpUrl: undefined,
      mailFrom: '"Passkey Portal" <no-reply@localhost.localdomain>',
      devMailbox: true,
    });
  });

  it("reads SESSION_IDLE_MINUTES, SESSION_MAX_DAYS (fractions allowed), TRUSTED_PROXIES, SMTP_URL and MAIL_FROM", () => {
    const result = loadEnv({
      ORIGINS: "https://accounts.example.com",
      AUTH_SECRET: SECRET,
      SESSION_IDLE_MINUTES: "30",
      SESSION_MAX_DAYS: "0.5",
      TRUSTED_PROXIES: "2",
      SMTP_URL: "smtps://user:pass@smtp.example.com",
      MAIL_FROM: "Example Accounts <security@example.com>",
    });
    expect(result).toMatchObject({
      sessionIdleMs: 30 * 60 * 1000,
      sessionMaxMs: DAY_MS / 2,
      trustedProxies: 2,
      smtpUrl: "smtps://user:pass@smtp.example.com",
      mailFrom: "Example Accounts <security@example.com>",
      devMailbox: false,
    });
  });

  it("waits 72 hours for a recovery through the email unless RECOVERY_DELAY_HOURS says otherwise (fractions allowed)", () => {
    expect(loadEnv({ AUTH_SECRET: SECRET }).recoveryDelayMs).toBe(72 * 60 * 60 * 1000);
    expect(loadEnv({ AUTH_SECRET: SECRET, RECOVERY_DELAY_HOURS: "0.003" }).recoveryDelayMs).toBe(10_800);
    expect(loadEnv({ AUTH_SECRET: SECRET, RECOVERY_DELAY_HOURS: "" }).recoveryDelayMs).toBe(72 * 60 * 60 * 1000);
  });

  it("sends from no-reply at the RP ID, quoting the site name so commas and brackets stay part of it", () => {
    const result = loadEnv({ ORIGINS: "https://accounts.example.com", RP_ID: "example.com", AUTH_SECRET: SECRET, RP_NAME: 'Acme, Inc. (the "real" one)' });
    expect(result.mailFrom).toBe('"Acme, Inc. (the \\"real\\" one)" <no-reply@example.com>');
  });

  it.each([
    [{ SESSION_IDLE_MINUTES: "0" }, /SESSION_IDLE_MINUTES/],
    [{ SESSION_MAX_DAYS: "401" }, /SESSION_MAX_DAYS/],
    [{ SESSION_MAX_DAYS: "forever" }, /SESSION_MAX_DAYS/],
    [{ TRUSTED_PROXIES: "1.5" }, /TRUSTED_PROXIES/],
    [{ TRUSTED_PROXIES: "11" }, /TRUSTED_PROXIES must be a whole number from 0 to 10/],
    [{ TRUSTED_PROXIES: "-1" }, /0 for none \(the client IP is then the address the connection came from\)/],
    [{ TRUSTED_PROXIES: "two" }, /TRUSTED_PROXIES must be a whole number/],
    [{ SMTP_URL: "https://mail.example.com" }, /SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/],
    [{ DEV_MAILBOX: "yes" }, /DEV_MAILBOX/],
    [{ RECOVERY_DELAY_HOURS: "0" }, /RECOVERY_DELAY_HOURS must be a number of hours above 0/],
    [{ RECOVERY_DELAY_HOURS: "-1" }, /RECOVERY_DELAY_HOURS/],
    [{ RECOVERY_DELAY_HOURS: "soon" }, /RECOVERY_DELAY_HOURS/],
    [{ RECOVERY_DELAY_HOURS: "721" }, /RECOVERY_DELAY_HOURS/],
  ])("reports invalid variables by name: %o", (source, message) => {
    expect(() => loadEnv({ AUTH_SECRET: SECRET, ...source })).toThrow(message);
  });

  it("accepts TRUSTED_PROXIES=0, no proxy at all, and takes an empty value as the default of one", () => {
    expect(loadEnv({ AUTH_SECRET: SECRET, TRUSTED_PROXIES: "0" }).trustedProxies).toBe(0);
    expect(loadEnv({ AUTH_SECRET: SECRET, TRUSTED_PROXIES: "" }).trustedProxies).toBe(1);
  });

  it("keeps the mailbox off in production unless DEV_MAILBOX=true on localhost", () => {
    expect(loadEnv({ NODE_ENV: "production", AUTH_SECRET: SECRET }).devMailbox).toBe(false);
    expect(loadEnv({ NODE_ENV: "production", AUTH_SECRET: SECRET, DEV_MAILBOX: "true" }).devMailbox).toBe(true);
    expect(loadEnv({ AUTH_SECRET: SECRET, DEV_MAILBOX: "false" }).devMailbox).toBe(false);
  });

  it("never shows the mailbox on a real domain or beside SMTP, even in development", () => {
    expect(loadEnv({ ORIGINS: "https://accounts.example.com", AUTH_SECRET: SECRET }).devMailbox).toBe(false);
    expect(loadEnv({ AUTH_SECRET: SECRET, SMTP_URL: "smtp://localhost:1025" }).devMailbox).toBe(false);
  });

  it.each([
    ["with SMTP_URL", { SMTP_URL: "smtp://localhost:1025" }],
    ["on a non-localhost origin", { ORIGINS: "https://accounts.example.com" }],
    ["on a non-localhost origin in production", { ORIGINS: "https://accounts.example.com", NODE_ENV: "production" }],
  ])("refuses DEV_MAILBOX=true %s", (_label, source) => {
    expect(() => loadEnv({ AUTH_SECRET: SECRET, DEV_MAILBOX: "true", ...source })).toThrow(
      /DEV_MAILBOX=true is only allowed on localhost origins without SMTP_URL/,
    );
  });
});

describe("loadEnv: RELATED_ORIGINS", () => {
  const SERVED = { ORIGINS: "https://accounts.example.com", RP_ID: "example.com", AUTH_SECRET: SECRET };

  it("lists none by default, and accepts only ORIGINS", () => {
    for (const unset of [{}, { RELATED_ORIGINS: "" }, { RELATED_ORIGINS: " , " }] as Record<string, string>[]) {
      expect(loadEnv({ ...SERVED, ...unset })).toMatchObject({
        relatedOrigins: [],
        acceptedOrigins: ["https://accounts.example.com"],
      });
    }
  });

  it("reads a comma-separated list of other sites, accepted after ORIGINS in their order", () => {
    const result = loadEnv({ ...SERVED, RELATED_ORIGINS: " https://example.co.uk/ ,https://example.de,, https://shop.exampledelivery.com:8443 " });
    expect(result).toMatchObject({
      origins: ["https://accounts.example.com"],
      origin: "https://accounts.example.com",
      relatedOrigins: ["https://example.co.uk", "https://example.de", "https://shop.exampledelivery.com:8443"],
      acceptedOrigins: ["https://accounts.example.com", "https://example.co.uk", "https://example.de", "https://shop.exampledelivery.com:8443"],
    });
  });

  it.each([
    ["example.de", /RELATED_ORIGINS: "example\.de" is not a URL \(expected e\.g\. https:\/\/example\.co\.uk\)/],
    ["https://example.de/login", /RELATED_ORIGINS: "https:\/\/example\.de\/login" must be a bare origin/],
    ["http://example.de", /RELATED_ORIGINS: "http:\/\/example\.de" must use https \(plain http is only allowed for localhost\)/],
    ["https://accounts.example.com", /RELATED_ORIGINS: https:\/\/accounts\.example\.com is already in ORIGINS/],
    ["https://www.example.com", /RELATED_ORIGINS: https:\/\/www\.example\.com is within the RP ID "example\.com"/],
  ])("refuses RELATED_ORIGINS=%s with a clear message", (related, message) => {
    expect(() => loadEnv({ ...SERVED, RELATED_ORIGINS: related })).toThrow(message);
  });

  it("names every bad entry at once, one line each, and stops the boot", () => {
    let message = "";
    try {
      loadEnv({ ...SERVED, RELATED_ORIGINS: "example.de,https://example.fr,http://example.it,https://example.fr" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split("\n")).toEqual([
      "Invalid configuration:",
      '  RELATED_ORIGINS: "example.de" is not a URL (expected e.g. https://example.co.uk)',
      '  RELATED_ORIGINS: "http://example.it" must use https (plain http is only allowed for localhost)',
      "  RELATED_ORIGINS: https://example.fr is listed more than once",
    ]);
  });

  it("refuses more site names than browsers honour", () => {
    const six = ["https://one.de", "https://two.de", "https://three.de", "https://four.de", "https://five.de", "https://six.de"];
    expect(() => loadEnv({ ...SERVED, RELATED_ORIGINS: six.join(",") })).toThrow(/spans 6 different registrable domain names/);
    expect(loadEnv({ ...SERVED, RELATED_ORIGINS: six.slice(0, 5).join(",") }).relatedOrigins).toHaveLength(5);
  });

  it("checks entries against the RP ID it derives when RP_ID is unset", () => {
    expect(() => loadEnv({ ORIGINS: "https://example.com", AUTH_SECRET: SECRET, RELATED_ORIGINS: "https://www.example.com" })).toThrow(/within the RP ID "example\.com"/);
    expect(loadEnv({ ORIGINS: "https://example.com", AUTH_SECRET: SECRET, RELATED_ORIGINS: "https://example.de" }).relatedOrigins).toEqual(["https://example.de"]);
  });
});

describe("loadEnv: logs and metrics", () => {
  it("logs at info and has no /metrics unless told otherwise", () => {
    expect(loadEnv({ AUTH_SECRET: SECRET })).toMatchObject({ logLevel: "info", metricsToken: undefined });
  });

  it("reads LOG_LEVEL and METRICS_TOKEN", () => {
    const token = "t".repeat(32);
    expect(loadEnv({ AUTH_SECRET: SECRET, LOG_LEVEL: "warn", METRICS_TOKEN: token })).toMatchObject({ logLevel: "warn", metricsToken: token });
  });

  it.each([
    ["an unknown LOG_LEVEL", { LOG_LEVEL: "verbose" }, "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent"],
    ["a short METRICS_TOKEN", { METRICS_TOKEN: "short-token" }, "METRICS_TOKEN must be at least 32 characters"],
    ["a METRICS_TOKEN with a space", { METRICS_TOKEN: `${"t".repeat(32)} x` }, "METRICS_TOKEN must be printable ASCII without spaces"],
  ])("refuses %s with a clear message", (_label, variables, message) => {
    expect(() => loadEnv({ AUTH_SECRET: SECRET, ...variables })).toThrow(message);
  });
});
