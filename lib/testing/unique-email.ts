// Fresh addresses for tests. No other imports, so any suite can use it: Vitest files, the
// system tests, and Playwright specs, whose workers run in parallel processes (hence random,
// not a per-process counter).
import { randomUUID } from "node:crypto";

/** A fresh, valid, lowercase address (`<label>-<random>@example.com`); no two calls share one. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID().slice(0, 12)}@example.com`.toLowerCase();
}
