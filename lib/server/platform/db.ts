import "server-only";
import { openPrisma, type Database } from "./database";

// One client per process. Next.js bundles route handlers and pages separately but runs them
// in one process, and PGlite must never be opened twice on the same data folder.
const globalForDb = globalThis as unknown as { portalDatabase?: Database };

function database(): Database {
  globalForDb.portalDatabase ??= openPrisma();
  return globalForDb.portalDatabase;
}

export const prisma = new Proxy({} as Database["prisma"], {
  get(_target, property) {
    const client = database().prisma;
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/** Closes the process's client (its pool, or PGlite) on shutdown; a later query would open a new one. */
export async function closeDatabase(): Promise<void> {
  const database = globalForDb.portalDatabase;
  globalForDb.portalDatabase = undefined;
  await database?.close();
}
