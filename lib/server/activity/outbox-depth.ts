import "server-only";
import { prisma } from "../platform/db";

export interface OutboxDepth {
  /** Messages waiting for delivery or for their next attempt. */
  queued: number;
  /** Messages delivery gave up on (they stay for an operator). */
  failed: number;
  /** Age of the oldest queued message; 0 when none is. */
  oldestQueuedSeconds: number;
}

interface DepthRow {
  queued: bigint;
  failed: bigint;
  oldest_seconds: number | null;
}

/** How much mail is waiting, in one read of the unsent rows (an index on sent_at finds them). */
export async function outboxDepth(): Promise<OutboxDepth> {
  const [row] = await prisma.$queryRaw<DepthRow[]>`
    SELECT
      count(*) FILTER (WHERE failed_at IS NULL) AS queued,
      count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed,
      EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE failed_at IS NULL))::float8 AS oldest_seconds
    FROM outbox_emails WHERE sent_at IS NULL`;
  return { queued: Number(row.queued), failed: Number(row.failed), oldestQueuedSeconds: Math.max(0, row.oldest_seconds ?? 0) };
}
