// `npm start`: validate configuration, apply migrations, build when the build is missing or
// stale, then serve the production build on $PORT (default 3000).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { exitOnInvalidConfiguration } from "../lib/server/platform/boot";
import { databaseTargetFromEnv } from "../lib/server/platform/database";
import { env } from "../lib/server/platform/env";
import { migrateTarget } from "../lib/server/platform/migrations";

const BUILD_INPUTS = ["app", "components", "lib", "public", "prisma/schema.prisma", "instrumentation.ts", "proxy.ts", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const STAMP = path.join(".next", "source-hash");
const nextBin = path.join("node_modules", "next", "dist", "bin", "next");

function filesUnder(entry: string): string[] {
  if (!existsSync(entry)) return [];
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry, { withFileTypes: true })
    // Hidden files are no input (.DS_Store, editor files), but app/.well-known holds routes.
    .filter((child) => !child.name.startsWith(".") || child.name === ".well-known")
    .flatMap((child) => filesUnder(path.join(entry, child.name)));
}

function sourceHash(): string {
  const hash = createHash("sha256");
  for (const file of BUILD_INPUTS.flatMap(filesUnder).sort()) {
    // Tests and their helpers are not part of the app: editing them never needs a rebuild.
    if (file.endsWith(".test.ts") || file.endsWith(".test.tsx") || file.startsWith(path.join("lib", "testing"))) continue;
    hash.update(file).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

function buildIfStale(): void {
  const current = sourceHash();
  if (existsSync(path.join(".next", "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === current) {
    console.log("Production build is up to date.");
    return;
  }
  console.log("Building the portal (production)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
  writeFileSync(STAMP, current);
}

// Browsers and password managers read /.well-known/webauthn and /.well-known/passkey-endpoints
// from https://<RP ID>, which is this portal only when one of its origins is exactly that host
// (never on localhost over plain http, where nothing fetches them).
function noteWellKnownHost(): void {
  const { origins, relatedOrigins, rpId, secure } = env();
  if (relatedOrigins.length > 0) console.log(`Related origins: ${relatedOrigins.join(", ")}`);
  if (!secure || origins.includes(`https://${rpId}`)) return;
  console.log(`Note: https://${rpId}/.well-known/passkey-endpoints${relatedOrigins.length > 0 ? " and /.well-known/webauthn" : ""} must answer as this portal's do: that site serves them, not this portal (see the README).`);
}

exitOnInvalidConfiguration();
const target = databaseTargetFromEnv();
const applied = await migrateTarget(target);
console.log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database is up to date.");
buildIfStale();
const port = process.env.PORT || "3000";
console.log(`Serving ${env().origin} (RP ID ${env().rpId}) on port ${port}`);
noteWellKnownHost();
// scripts/serve.mjs is `next start` plus the TRUSTED_PROXIES=0 mode (the connection's address).
const server = spawn(process.execPath, [path.join("scripts", "serve.mjs")], {
  stdio: "inherit",
  env: { ...process.env, PORT: port, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
