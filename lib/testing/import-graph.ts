// The project's own import graph, read from the source: which modules a file loads (value
// imports only: `import type` costs nothing at run time), and the longest chain between two.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

const EXTENSIONS = ["", ".ts", ".tsx", "/index.ts"];
const VALUE_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^;"']*?\sfrom\s+)?["']([^"']+)["']/gm;

function resolveSpecifier(specifier: string, from: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return null;
  for (const extension of EXTENSIONS) {
    const candidate = base + extension;
    if (existsSync(candidate) && statSync(candidate).isFile() && /\.tsx?$/.test(candidate)) return candidate;
  }
  return null;
}

const cache = new Map<string, string[]>();

/** The project modules `file` imports for their values (absolute paths; Prisma's generated client left out). */
export function importsOf(file: string): string[] {
  const known = cache.get(file);
  if (known) return known;
  const found = [...readFileSync(file, "utf8").matchAll(VALUE_IMPORT)]
    .map((match) => resolveSpecifier(match[1], file))
    .filter((resolved): resolved is string => resolved !== null && !resolved.includes(`${path.sep}generated${path.sep}`));
  cache.set(file, found);
  return found;
}

/** Every project module `file` loads, directly or through others. */
export function closureOf(file: string): Set<string> {
  const seen = new Set<string>();
  const pending = [file];
  while (pending.length > 0) {
    for (const next of importsOf(pending.pop()!)) {
      if (!seen.has(next)) {
        seen.add(next);
        pending.push(next);
      }
    }
  }
  return seen;
}

/** The longest import chain from `file` to `target`, both included, or null when none leads there. */
export function longestChain(file: string, target: string, visiting = new Set<string>()): string[] | null {
  if (file === target) return [target];
  if (visiting.has(file)) return null;
  visiting.add(file);
  let best: string[] | null = null;
  for (const next of importsOf(file)) {
    const chain = longestChain(next, target, visiting);
    if (chain && (!best || chain.length + 1 > best.length)) best = [file, ...chain];
  }
  visiting.delete(file);
  return best;
}

/** Paths relative to the project, for messages. */
export function relative(file: string): string {
  return path.relative(ROOT, file);
}
