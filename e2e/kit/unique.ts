import { randomBytes, randomUUID } from "node:crypto";

// Fresh values per call, so tests running in parallel never share an account or an address.

/** A random address in 198.18.0.0/15 (reserved for benchmarks, never a real client). */
export function uniqueClientIp(): string {
  const [a, b, c] = randomBytes(3);
  return `198.${18 + (a & 1)}.${b}.${Math.max(1, c)}`;
}

/** A fresh, valid, lowercase email address: `e2e-<label>-<random>@example.com`. */
export function uniqueEmail(label = "user"): string {
  return `e2e-${label}-${randomUUID().slice(0, 12)}@example.com`.toLowerCase();
}
