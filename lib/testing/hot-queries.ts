// The statements every sign-in (and every signed-in request) runs, built by the very functions
// the app calls, and their query plans: on a large database each must find its rows through an
// index. lib/hot-queries.test.ts asserts it; the benchmark prints the plans after seeding.
import { assertionStateQuery } from "../server/ceremonies/assertion-state";
import { consumeChallengeStatement, pruneChallengesStatement, saveChallengeStatement } from "../server/ceremonies/challenges";
import type { Prisma } from "../generated/prisma/client";
import { claimDueStatement } from "../server/activity/outbox";
import { countingStatement, countedKeys, LIMITS, pruneRateLimitsStatement } from "../server/security/rate-limit";
import { activeSessionQuery } from "../server/sessions/sessions";
import { knownDeviceSessionStatement } from "../server/sessions/sign-in-session";

/** Runs a query with $1-style parameters (node-postgres, PGlite, or Prisma's $queryRawUnsafe). */
export type SqlRows = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** The tables the hot path reads; a sequential scan of any of them grows with the user count. */
export const HOT_TABLES = ["users", "passkeys", "sessions", "challenges", "rate_limits", "outbox_emails", "security_events"];

export interface HotQuery {
  name: string;
  sql: Prisma.Sql;
}

/** Existing rows for the statements to look up, so the planner sees realistic values. */
export interface HotQuerySamples {
  challenge: string;
  credentialId: string;
  passkeyId: string;
  userId: string;
  sessionId: string;
  deviceId: string;
}

export async function sampleRows(rows: SqlRows): Promise<HotQuerySamples> {
  const [sample] = await rows<HotQuerySamples>(
    `SELECT
       (SELECT challenge FROM challenges LIMIT 1) AS "challenge",
       p.credential_id AS "credentialId", p.id::text AS "passkeyId", p.user_id::text AS "userId",
       (SELECT id::text FROM sessions LIMIT 1) AS "sessionId",
       (SELECT device_id FROM sessions WHERE device_id IS NOT NULL LIMIT 1) AS "deviceId"
     FROM passkeys p LIMIT 1`,
    [],
  );
  if (!sample?.challenge || !sample.sessionId || !sample.deviceId) throw new Error("Seed the database (challenges, passkeys, sessions) before explaining its queries");
  return sample;
}

export function hotQueries(sample: HotQuerySamples): HotQuery[] {
  const ip = "10.1.2.3";
  const client = { userAgent: "Mozilla/5.0 (Bench)", ipAddress: ip };
  return [
    {
      name: "sign-in options: count limits, store challenge",
      sql: saveChallengeStatement({
        challenge: "hot-query-challenge-0000000000000000000000",
        purpose: "authentication",
        binding: sample.deviceId,
        limits: [[LIMITS.signInOptionsPerIp, ip]],
      }).sql,
    },
    {
      name: "sign-in verify: limits, spend challenge, passkey and account",
      sql: assertionStateQuery({ challenge: sample.challenge, credentialId: sample.credentialId, limits: [[LIMITS.signInPerIp, ip]], deviceId: sample.deviceId }),
    },
    {
      name: "sign-in verify: session, passkey use, activity (known browser)",
      sql: knownDeviceSessionStatement(
        {
          userId: sample.userId,
          passkey: { id: sample.passkeyId, name: "Passkey 1" },
          use: { counter: 1, backedUp: true, deviceType: "multiDevice", userAgent: client.userAgent },
          method: "passkey",
          deviceId: sample.deviceId,
          client,
        },
        new Date(),
      ),
    },
    { name: "signed-in request: active session with account", sql: activeSessionQuery(sample.sessionId, new Date()) },
    { name: "sign-up options: count limits", sql: countingStatement(countedKeys([[LIMITS.signUpPerIp, ip], [LIMITS.signUpPerEmail, "someone@example.com"]])) },
    { name: "ceremony: consume challenge", sql: consumeChallengeStatement(sample.challenge) },
    { name: "outbox: claim due mail", sql: claimDueStatement(20) },
    { name: "housekeeping: prune challenges", sql: pruneChallengesStatement() },
    { name: "housekeeping: prune rate limits", sql: pruneRateLimitsStatement() },
  ];
}

/** The plan PostgreSQL would use, one line per node (EXPLAIN plans; it runs nothing). */
export async function explain(rows: SqlRows, query: HotQuery): Promise<string[]> {
  const plan = await rows<{ "QUERY PLAN": string }>(`EXPLAIN ${query.sql.text}`, query.sql.values);
  return plan.map((row) => row["QUERY PLAN"]);
}

/** The hot tables a plan reads from start to end. */
export function seqScannedTables(plan: string[]): string[] {
  return plan.flatMap((line) => {
    const table = /Seq Scan on (\w+)/.exec(line)?.[1];
    return table && HOT_TABLES.includes(table) ? [table] : [];
  });
}

/** Each hot query's plan, condensed to its scan nodes (for the benchmark's output). */
export async function explainHotQueries(rows: SqlRows): Promise<{ name: string; plan: string[]; seqScans: string[] }[]> {
  const sample = await sampleRows(rows);
  const explained = [];
  for (const query of hotQueries(sample)) {
    const plan = await explain(rows, query);
    explained.push({ name: query.name, plan, seqScans: seqScannedTables(plan) });
  }
  return explained;
}
