import "server-only";
import { prisma } from "../platform/db";
import { Prisma, type Passkey, type User } from "../../generated/prisma/client";
import { USER_COLUMNS, userFromRow, type UserColumns } from "../accounts/row-mappers";
import { countedKeys, countingStatement, resultOf, type CountedHit, type RateLimitCheck, type RateLimitResult } from "../security/rate-limit";

// Everything verifying an assertion needs from the database, read in one statement: the
// request's rate limits counted, its challenge spent (only when no limit is exhausted, so a
// refused request can be retried with the same ceremony), the passkey it names with its account,
// and the account's passkey IDs for the Signal API. One round trip and one transaction on the
// request path, where four separate queries used to be.

export interface AssertionState {
  limits: RateLimitResult[];
  /** The challenge as it was stored, now spent; null when unknown, already spent or not spent (limited). */
  challenge: { purpose: string; userId: string | null; data: Prisma.JsonValue | null; binding: string | null; expiresAt: Date } | null;
  passkey: Passkey | null;
  user: User | null;
  /** The credential IDs of the passkey's account, newest first. */
  acceptedCredentialIds: string[];
  /** Whether the passkey's account has had a session in this browser (`deviceId`) before. */
  knownDevice: boolean;
  /** Whether the passkey's account has a recovery through its email in progress (a sign-in cancels it). */
  recoveryPending: boolean;
}

export interface AssertionStateInput {
  challenge: string;
  credentialId: string;
  limits?: RateLimitCheck[];
  /** The browser's device ID, for knownDevice (sign-in only). */
  deviceId?: string;
}

interface Row extends UserColumns {
  hits: CountedHit[];
  challenge: { purpose: string; user_id: string | null; data: Prisma.JsonValue | null; binding: string | null; expires_at: string } | null;
  accepted: string[] | null;
  known_device: boolean | null;
  recovery_pending: boolean | null;
  p_id: string | null;
  p_user_id: string;
  p_credential_id: string;
  p_public_key: Uint8Array;
  p_counter: bigint;
  p_transports: string[];
  p_aaguid: string;
  p_device_type: string;
  p_backup_eligible: boolean;
  p_backed_up: boolean;
  p_became_synced_at: Date | null;
  p_attachment: string | null;
  p_name: string;
  p_created_at: Date;
  p_last_used_at: Date | null;
  p_last_used_user_agent: string | null;
  p_added_in_session_id: string | null;
  p_before_recovery_at: Date | null;
}

const NO_HITS = Prisma.sql`SELECT NULL::text AS key, 0 AS count, false AS over, 0 AS retry_after WHERE false`;

function passkeyOf(row: Row): Passkey | null {
  if (!row.p_id) return null;
  return {
    id: row.p_id,
    userId: row.p_user_id,
    credentialId: row.p_credential_id,
    publicKey: new Uint8Array(row.p_public_key),
    counter: BigInt(row.p_counter),
    transports: row.p_transports,
    aaguid: row.p_aaguid,
    deviceType: row.p_device_type,
    backupEligible: row.p_backup_eligible,
    backedUp: row.p_backed_up,
    becameSyncedAt: row.p_became_synced_at,
    attachment: row.p_attachment,
    name: row.p_name,
    createdAt: row.p_created_at,
    lastUsedAt: row.p_last_used_at,
    lastUsedUserAgent: row.p_last_used_user_agent,
    addedInSessionId: row.p_added_in_session_id,
    beforeRecoveryAt: row.p_before_recovery_at,
  };
}

/** The one statement loadAssertionState runs (exported so lib/testing/hot-queries.ts can EXPLAIN it as issued). */
export function assertionStateQuery(input: AssertionStateInput): Prisma.Sql {
  const keys = countedKeys(input.limits ?? []);
  return Prisma.sql`
    WITH hits AS (${keys.length > 0 ? countingStatement(keys) : NO_HITS}),
    spent AS (
      DELETE FROM challenges WHERE challenge = ${input.challenge} AND NOT EXISTS (SELECT 1 FROM hits WHERE over)
      RETURNING purpose, user_id, data, binding, expires_at)
    SELECT
      (SELECT coalesce(json_agg(json_build_object('key', key, 'count', count, 'over', over, 'retry_after', retry_after)), '[]'::json) FROM hits) AS hits,
      (SELECT row_to_json(spent) FROM spent) AS challenge,
      (SELECT array_agg(a.credential_id ORDER BY a.created_at DESC) FROM passkeys a WHERE a.user_id = p.user_id) AS accepted,
      EXISTS (SELECT 1 FROM sessions d WHERE d.user_id = p.user_id AND d.device_id = ${input.deviceId ?? null}) AS known_device,
      EXISTS (SELECT 1 FROM account_recoveries r WHERE r.user_id = p.user_id AND r.cancelled_at IS NULL AND r.completed_at IS NULL) AS recovery_pending,
      p.id AS p_id, p.user_id AS p_user_id, p.credential_id AS p_credential_id, p.public_key AS p_public_key,
      p.counter AS p_counter, p.transports AS p_transports, p.aaguid AS p_aaguid, p.device_type AS p_device_type,
      p.backup_eligible AS p_backup_eligible, p.backed_up AS p_backed_up, p.became_synced_at AS p_became_synced_at,
      p.attachment AS p_attachment, p.name AS p_name, p.created_at AS p_created_at, p.last_used_at AS p_last_used_at,
      p.last_used_user_agent AS p_last_used_user_agent, p.added_in_session_id AS p_added_in_session_id,
      p.before_recovery_at AS p_before_recovery_at,
      ${Prisma.raw(USER_COLUMNS)}
    FROM (SELECT 1) AS one
    LEFT JOIN passkeys p ON p.credential_id = ${input.credentialId}
    LEFT JOIN users u ON u.id = p.user_id`;
}

/** Counts the limits, spends the challenge and reads the named passkey with its account, in one statement. */
export async function loadAssertionState(input: AssertionStateInput): Promise<AssertionState> {
  const [row] = await prisma.$queryRaw<Row[]>(assertionStateQuery(input));
  const stored = row.challenge;
  return {
    limits: row.hits.map(resultOf),
    challenge: stored
      ? { purpose: stored.purpose, userId: stored.user_id, data: stored.data, binding: stored.binding, expiresAt: new Date(stored.expires_at) }
      : null,
    passkey: passkeyOf(row),
    user: userFromRow(row),
    acceptedCredentialIds: row.accepted ?? [],
    knownDevice: row.known_device === true,
    recoveryPending: row.recovery_pending === true,
  };
}
