import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { LOCAL_HOSTS, parseOrigins, parseRelatedOrigins } from "../security/origins";
import { relatedOriginProblems, rpIdFits } from "../security/related-origins";

export interface AppEnv {
  rpId: string;
  rpName: string;
  /** Where the portal is served (ORIGINS); the first is the canonical one. */
  origins: string[];
  /** Other sites allowed to use the RP ID (RELATED_ORIGINS), listed at /.well-known/webauthn. */
  relatedOrigins: string[];
  /** ORIGINS then RELATED_ORIGINS: every origin a request or a ceremony may come from, and no other. */
  acceptedOrigins: string[];
  origin: string;
  /** True when the canonical origin is https: cookies get Secure, the browser gets HSTS later. */
  secure: boolean;
  authSecret: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** How recent a user-verified passkey check must be for sensitive changes. */
  stepUpWindowMs: number;
  /** A session ends after this long without a request (sliding)… */
  sessionIdleMs: number;
  /** …and this long after sign-in, whatever its activity (absolute). */
  sessionMaxMs: number;
  /** How long a recovery through the email waits after its link is opened (RECOVERY_DELAY_HOURS). */
  recoveryDelayMs: number;
  /** How many reverse proxies append to X-Forwarded-For in front of the portal; 0: none, the connection's address is the client's. */
  trustedProxies: number;
  /** nodemailer SMTP URL for security emails; without it, mail stays in the database outbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Whether /dev/mailbox shows the outbox (development, or DEV_MAILBOX=true on localhost). */
  devMailbox: boolean;
  /** OPERATOR_EMAILS, lowercased: accounts with one of these as their confirmed address may open /operator. */
  operatorEmails: string[];
  /** The least severe log level written (LOG_LEVEL). */
  logLevel: LogLevel;
  /** The bearer token /metrics asks for (METRICS_TOKEN); without one, /metrics does not exist. */
  metricsToken: string | undefined;
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

// Next.js fills X-Forwarded-For in from the connection only when a request has none, so a
// client without a proxy in front can send its own; 0 makes `npm start` (scripts/serve.mjs)
// overwrite it with the connection's address.
const TRUSTED_PROXIES_RANGE =
  "TRUSTED_PROXIES must be a whole number from 0 to 10: how many reverse proxies append to X-Forwarded-For, or 0 for none (the client IP is then the address the connection came from)";

const RECOVERY_DELAY_RANGE = "RECOVERY_DELAY_HOURS must be a number of hours above 0 and at most 720 (fractions allowed): how long a recovery through the email waits";

const rawEnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  RP_ID: z.string().trim().min(1).optional(),
  RP_NAME: z.string().trim().min(1).max(64).default("Passkey Portal"),
  ORIGINS: z.string().trim().min(1).optional(),
  RELATED_ORIGINS: z.string().optional(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce
    .number({ error: "DATABASE_POOL_SIZE must be a whole number from 1 to 100" })
    .int("DATABASE_POOL_SIZE must be a whole number from 1 to 100")
    .min(1, "DATABASE_POOL_SIZE must be a whole number from 1 to 100")
    .max(100, "DATABASE_POOL_SIZE must be a whole number from 1 to 100")
    .default(10),
  DATA_DIR: z.string().min(1).default(".data"),
  STEP_UP_WINDOW_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  SESSION_IDLE_MINUTES: z.coerce.number().min(0.1).max(525600).default(7 * 24 * 60),
  SESSION_MAX_DAYS: z.coerce.number().min(0.001).max(400).default(30),
  RECOVERY_DELAY_HOURS: z.coerce
    .number({ error: RECOVERY_DELAY_RANGE })
    .positive(RECOVERY_DELAY_RANGE)
    .max(720, RECOVERY_DELAY_RANGE)
    .default(72),
  TRUSTED_PROXIES: z.coerce
    .number({ error: TRUSTED_PROXIES_RANGE })
    .int(TRUSTED_PROXIES_RANGE)
    .min(0, TRUSTED_PROXIES_RANGE)
    .max(10, TRUSTED_PROXIES_RANGE)
    .default(1),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "SMTP_URL must be an smtp:// or smtps:// URL").optional(),
  MAIL_FROM: z.string().trim().min(3).max(200).optional(),
  DEV_MAILBOX: z.enum(["true", "false"]).optional(),
  OPERATOR_EMAILS: z.string().optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  // Anyone holding it reads the portal's traffic figures: long and random, like AUTH_SECRET.
  METRICS_TOKEN: z
    .string()
    .min(32, "METRICS_TOKEN must be at least 32 characters (generate one with `openssl rand -base64 32`)")
    .max(512, "METRICS_TOKEN must be at most 512 characters")
    .regex(/^[\x21-\x7e]+$/, "METRICS_TOKEN must be printable ASCII without spaces (it is sent in an HTTP header)")
    .optional(),
  NODE_ENV: z.string().optional(),
});

const operatorEmailSchema = z.email();

// Comma-separated; blanks around entries and empty entries (a trailing comma) are ignored.
function parseOperatorEmails(value: string | undefined): string[] {
  const entries = (value ?? "").split(",").map((entry) => entry.trim().toLowerCase()).filter(Boolean);
  const invalid = entries.filter((entry) => !operatorEmailSchema.safeParse(entry).success);
  if (invalid.length > 0) {
    throw new Error(`Invalid configuration: OPERATOR_EMAILS must be email addresses separated by commas; not an address: ${invalid.map((entry) => JSON.stringify(entry)).join(", ")}`);
  }
  return [...new Set(entries)];
}

function emptyToUndefined(source: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(source)) out[key] = value === "" ? undefined : value;
  return out;
}

function localSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

/** Reads and validates configuration; throws one clear message on any misconfiguration. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): AppEnv {
  const parsed = rawEnvSchema.safeParse(emptyToUndefined(source));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const raw = parsed.data;
  const urls = parseOrigins(raw.ORIGINS, raw.PORT);
  const rpId = raw.RP_ID ?? urls[0].hostname;
  for (const url of urls) {
    if (!rpIdFits(rpId, url.hostname)) {
      throw new Error(`Invalid configuration: RP_ID "${rpId}" does not match origin ${url.origin} (it must be the host or a parent domain of it)`);
    }
  }
  // Browsers refuse IP addresses and single-label names (other than localhost) as RP IDs.
  if (isIP(rpId.replace(/^\[|\]$/g, "")) || (!rpId.includes(".") && rpId !== "localhost")) {
    throw new Error(`Invalid configuration: RP ID "${rpId}" is not a domain name browsers accept for passkeys; serve the portal from a domain name (use localhost rather than 127.0.0.1)`);
  }
  const related = parseRelatedOrigins(raw.RELATED_ORIGINS);
  const relatedProblems = [...related.problems, ...relatedOriginProblems(related.urls, urls, rpId)];
  if (relatedProblems.length > 0) throw new Error(`Invalid configuration:\n  ${relatedProblems.join("\n  ")}`);
  const relatedOrigins = related.urls.map((url) => url.origin);
  const allLocal = urls.every((url) => LOCAL_HOSTS.has(url.hostname));
  const dataDir = path.resolve(raw.DATA_DIR);
  let authSecret = raw.AUTH_SECRET;
  if (!authSecret) {
    if (!allLocal) {
      throw new Error("Invalid configuration: AUTH_SECRET is required when ORIGINS is not localhost (generate one with `openssl rand -base64 32`)");
    }
    authSecret = localSecret(dataDir);
  }
  // The mailbox shows everyone's mail: never on a real domain, never beside real SMTP.
  const devMailbox = raw.DEV_MAILBOX ? raw.DEV_MAILBOX === "true" : raw.NODE_ENV !== "production";
  if (devMailbox && raw.DEV_MAILBOX === "true" && (!allLocal || raw.SMTP_URL)) {
    throw new Error("Invalid configuration: DEV_MAILBOX=true is only allowed on localhost origins without SMTP_URL");
  }
  return {
    rpId,
    rpName: raw.RP_NAME,
    origins: urls.map((url) => url.origin),
    relatedOrigins,
    acceptedOrigins: [...urls.map((url) => url.origin), ...relatedOrigins],
    origin: urls[0].origin,
    secure: urls[0].protocol === "https:",
    authSecret,
    databaseUrl: raw.DATABASE_URL,
    dataDir,
    stepUpWindowMs: raw.STEP_UP_WINDOW_SECONDS * 1000,
    sessionIdleMs: Math.round(raw.SESSION_IDLE_MINUTES * 60 * 1000),
    sessionMaxMs: Math.round(raw.SESSION_MAX_DAYS * 24 * 60 * 60 * 1000),
    recoveryDelayMs: Math.round(raw.RECOVERY_DELAY_HOURS * 60 * 60 * 1000),
    trustedProxies: raw.TRUSTED_PROXIES,
    smtpUrl: raw.SMTP_URL,
    mailFrom: raw.MAIL_FROM ?? `"${raw.RP_NAME.replace(/["\\]/g, "\\$&")}" <no-reply@${rpId === "localhost" ? "localhost.localdomain" : rpId}>`,
    devMailbox: devMailbox && allLocal && !raw.SMTP_URL,
    operatorEmails: parseOperatorEmails(raw.OPERATOR_EMAILS),
    logLevel: raw.LOG_LEVEL,
    metricsToken: raw.METRICS_TOKEN,
  };
}

let cached: AppEnv | undefined;

export function env(): AppEnv {
  cached ??= loadEnv();
  return cached;
}
