// Fills a migrated database with accounts as a large deployment has them, fast: each batch is one
// INSERT … SELECT over generate_series, so the rows are made by the database itself (no
// per-row round trips, no client-side encoding), on PostgreSQL and PGlite alike. The rows look
// real (random handles and credential IDs, COSE-sized keys, sessions, mail, rate-limit windows)
// so that the planner sees the sizes and selectivities it would in production. Nobody can sign
// in to a seeded account: its keys are random bytes.
import { randomBytes } from "node:crypto";
import { openPGlite, type DatabaseTarget } from "../server/platform/database";
import { pgliteRunner, postgresRunner, type SqlRunner } from "../server/platform/migrations";

/** Runs one SQL statement (no parameters): node-postgres, PGlite or Prisma's $executeRawUnsafe. */
export type SqlExec = (sql: string) => Promise<unknown>;

export interface SeedCounts {
  users: number;
  passkeysPerUser?: number;
  sessionsPerUser?: number;
  /** Pending ceremonies; about a tenth already expired (housekeeping deletes those). */
  challenges?: number;
  /** Rate-limit windows, all started within the last hour. */
  rateLimits?: number;
  /** Queued mail; all but about one in fifty already delivered. */
  outbox?: number;
  /** Users per statement. */
  batch?: number;
}

// 32 random bytes as base64url (43 characters): the shape of user handles, credential IDs and challenges.
const RANDOM_ID = `rtrim(translate(encode(decode(md5(random()::text) || md5(random()::text), 'hex'), 'base64'), '+/', '-_'), '=')`;
// A COSE EC2 public key is 77 bytes: a 13-byte header and two 32-byte coordinates.
const RANDOM_KEY = `'\\xa5010203262001215820'::bytea || decode(md5(random()::text) || md5(random()::text), 'hex') || '\\x225820'::bytea || decode(md5(random()::text) || md5(random()::text), 'hex')`;
const RANDOM_IP = `'10.' || (random() * 255)::int || '.' || (random() * 255)::int || '.' || (random() * 255)::int`;

function usersBatch(tag: string, from: number, to: number, passkeysPerUser: number, sessionsPerUser: number): string {
  return `
    WITH new_users AS (
      INSERT INTO users (id, user_handle, email, email_confirmed_at, display_name, created_at, updated_at)
      SELECT gen_random_uuid(), ${RANDOM_ID}, 'seed-${tag}-' || i || '@example.com', now(), 'Seed Person ' || i,
        now() - (i % 1000) * interval '1 hour', now()
      FROM generate_series(${from}, ${to}) AS i
      RETURNING id),
    new_passkeys AS (
      INSERT INTO passkeys (id, user_id, credential_id, public_key, counter, transports, aaguid, device_type, backup_eligible, backed_up, attachment, name, created_at, last_used_at)
      SELECT gen_random_uuid(), u.id, ${RANDOM_ID}, ${RANDOM_KEY}, 0, ARRAY['internal', 'hybrid'],
        'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', 'multiDevice', true, true, 'platform', 'Passkey ' || k, now(), now()
      FROM new_users u CROSS JOIN generate_series(1, ${passkeysPerUser}) AS k)
    INSERT INTO sessions (id, user_id, method, user_agent, ip_address, device_id, created_at, last_seen_at, verified_at, expires_at)
    SELECT gen_random_uuid(), u.id, 'passkey', 'Mozilla/5.0 (Seed)', ${RANDOM_IP}, left(${RANDOM_ID}, 22),
      now() - interval '1 day', now() - interval '1 hour', now() - interval '1 day', now() + interval '29 days'
    FROM new_users u CROSS JOIN generate_series(1, ${sessionsPerUser}) AS k`;
}

function challengesInsert(count: number): string {
  return `
    INSERT INTO challenges (id, challenge, purpose, binding, expires_at, created_at)
    SELECT gen_random_uuid(), ${RANDOM_ID}, 'authentication', left(${RANDOM_ID}, 22),
      now() + CASE WHEN i % 10 = 0 THEN interval '-1 minute' ELSE interval '4 minutes' END, now()
    FROM generate_series(1, ${count}) AS i`;
}

function rateLimitsInsert(count: number): string {
  return `
    INSERT INTO rate_limits (key, window_start, count, window_seconds, max_count)
    SELECT 'sign-in:ip:' || ${RANDOM_ID}, now() - random() * interval '1 hour', 1 + (random() * 5)::int, 300, 30
    FROM generate_series(1, ${count}) AS i`;
}

function outboxInsert(count: number): string {
  return `
    INSERT INTO outbox_emails (id, kind, to_address, subject, text, html, created_at, attempts, next_attempt_at, sent_at, transport, priority)
    SELECT gen_random_uuid(), 'new_device_sign_in', 'seed-' || i || '@example.com', 'New sign-in', 'Someone signed in.', '<p>Someone signed in.</p>',
      now() - (i % 1000) * interval '1 minute', 1, now(), CASE WHEN i % 50 = 0 THEN NULL ELSE now() END, 'smtp', i % 2
    FROM generate_series(1, ${count}) AS i`;
}

/** Inserts the rows, then VACUUM ANALYZEs so the planner knows the tables' new sizes. */
export async function seedDatabase(exec: SqlExec, counts: SeedCounts, progress?: (usersDone: number) => void): Promise<void> {
  const tag = randomBytes(4).toString("hex");
  const batch = counts.batch ?? 10_000;
  for (let from = 1; from <= counts.users; from += batch) {
    const to = Math.min(counts.users, from + batch - 1);
    await exec(usersBatch(tag, from, to, counts.passkeysPerUser ?? 3, counts.sessionsPerUser ?? 0));
    progress?.(to);
  }
  if (counts.challenges) await exec(challengesInsert(counts.challenges));
  if (counts.rateLimits) await exec(rateLimitsInsert(counts.rateLimits));
  if (counts.outbox) await exec(outboxInsert(counts.outbox));
  // VACUUM too: the visibility map lets index-only scans skip the heap, and autovacuum has no
  // reason to start on these tables in the middle of a measurement.
  await exec("VACUUM ANALYZE");
}

/** A raw-SQL connection to the configured database (closing it closes a PGlite it opened). */
export async function openSqlRunner(target: DatabaseTarget): Promise<SqlRunner> {
  if (target.databaseUrl) return postgresRunner(target.databaseUrl);
  const pglite = openPGlite(target.pgliteDir);
  return { ...pgliteRunner(pglite), close: () => pglite.close() };
}
