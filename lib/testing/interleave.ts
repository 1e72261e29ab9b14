// PostgreSQL only: a forced interleaving of concurrent work, the one a busy server produces by chance.
import { prisma } from "../server/platform/db";

async function backendsWaitingForLocks(): Promise<number> {
  const [row] = await prisma.$queryRaw<{ waiting: number }[]>`
    SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
  return row.waiting;
}

/** Polls until `isDone`, for at most `ms`; says whether it got there. */
async function settleWithin(isDone: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await isDone()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * PostgreSQL only: forces the interleaving a busy server produces by chance. Locks the account's
 * session rows from another transaction and starts `queued`; work that revokes sessions blocks
 * there, after its reads. Once `blocked` backends wait, starts `meanwhile` (and lets it run until
 * it finishes or blocks too), then releases the lock and returns both outcomes.
 */
export async function interleaveAtSessionRevocation<Q, M>(
  userId: string,
  options: { queued: () => Promise<Q>; blocked: number; meanwhile?: () => Promise<M> },
): Promise<{ queued: PromiseSettledResult<Q>; meanwhile: PromiseSettledResult<M | undefined> }> {
  let queued: Promise<PromiseSettledResult<Q>> | undefined;
  let meanwhile: Promise<PromiseSettledResult<M | undefined>> | undefined;
  await prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM sessions WHERE user_id = ${userId}::uuid FOR UPDATE`;
      queued = Promise.allSettled([options.queued()]).then(([result]) => result);
      // Going on without the interleaving would let the test pass without testing anything: on a
      // machine too slow to reach it in time, fail instead.
      if (!(await settleWithin(async () => (await backendsWaitingForLocks()) >= options.blocked, 10_000))) {
        throw new Error(`The queued work never blocked at the session lock (${options.blocked} waiting backends expected)`);
      }
      let done = false;
      meanwhile = Promise.allSettled([options.meanwhile?.()]).then(([result]) => {
        done = true;
        return result;
      });
      await settleWithin(async () => done || (await backendsWaitingForLocks()) > options.blocked, 5_000);
    },
    { timeout: 20_000 },
  );
  if (!queued || !meanwhile) throw new Error("The interleaved work never started");
  return { queued: await queued, meanwhile: await meanwhile };
}
