// lib/testing serves tests of every layer, so it must not depend on the top one: a test passes
// its route handlers in (callRoute(POST, …), signUpAccount({ routes })) instead.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const DIR = import.meta.dirname;
// Every module specifier: static imports and re-exports, dynamic import(), require().
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"']+)["']/g;

function specifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((match) => match[1]);
}

function reachesApp(specifier: string, file: string): boolean {
  if (specifier === "@/app" || specifier.startsWith("@/app/")) return true;
  if (!specifier.startsWith(".")) return false;
  const target = path.relative(path.resolve(DIR, "../.."), path.resolve(path.dirname(file), specifier));
  return target === "app" || target.startsWith(`app${path.sep}`);
}

describe("lib/testing", () => {
  it("recognises an import of app/ in any form", () => {
    const file = path.join(DIR, "example.ts");
    const found = [
      'import { POST } from "@/app/api/session/sign-in/verify/route";',
      "const route = await import('../../app/api/account/route');",
      'export { GET } from "../../app/api/health/route";',
    ].flatMap((line) => specifiers(line).filter((specifier) => reachesApp(specifier, file)));
    expect(found).toHaveLength(3);
    expect(specifiers('import { prisma } from "../server/platform/db";').filter((specifier) => reachesApp(specifier, file))).toEqual([]);
  });

  it("imports nothing from app/", () => {
    const offenders = readdirSync(DIR, { recursive: true, encoding: "utf8" })
      .filter((name) => /\.(ts|tsx|mts|mjs)$/.test(name) && name !== path.basename(import.meta.filename))
      .flatMap((name) => {
        const file = path.join(DIR, name);
        return specifiers(readFileSync(file, "utf8"))
          .filter((specifier) => reachesApp(specifier, file))
          .map((specifier) => `${name}: ${specifier}`);
      });
    expect(offenders).toEqual([]);
  });
});
