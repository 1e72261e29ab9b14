// A snapshot of the account tables, for tests that a refused request changed nothing.
import { prisma } from "../server/platform/db";

/** Everything a rejected ceremony must leave alone (challenges are spent on purpose). */
export async function accountState(): Promise<unknown> {
  const [users, passkeys, sessions] = await Promise.all([
    prisma.user.findMany({ orderBy: { id: "asc" } }),
    prisma.passkey.findMany({ orderBy: { id: "asc" } }),
    prisma.session.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { users, passkeys, sessions };
}
