// The shape docs/architecture.md describes, held by tests: each table has one writing domain,
// routes never reach the database through a long chain, and the session primitives and the
// route wrapper load nothing of activity or mail.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { closureOf, importsOf, longestChain, relative, ROOT } from "../testing/import-graph";

const SERVER = path.join(ROOT, "lib/server");
const DATABASE = path.join(SERVER, "platform/db.ts");

/** Which domain folder under lib/server may write each table, by Prisma model and by SQL name. */
const OWNERS: Record<string, { model: string; domain: string }> = {
  users: { model: "user", domain: "accounts" },
  email_confirmations: { model: "emailConfirmation", domain: "accounts" },
  email_changes: { model: "emailChange", domain: "accounts" },
  passkeys: { model: "passkey", domain: "passkeys" },
  challenges: { model: "challenge", domain: "ceremonies" },
  sessions: { model: "session", domain: "sessions" },
  recovery_codes: { model: "recoveryCode", domain: "recovery" },
  account_recoveries: { model: "accountRecovery", domain: "recovery" },
  security_events: { model: "securityEvent", domain: "activity" },
  outbox_emails: { model: "outboxEmail", domain: "activity" },
  rate_limits: { model: "rateLimit", domain: "security" },
  operation_counts: { model: "operationCount", domain: "operations" },
};

const WRITE_METHODS = "create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name))
    .map((name) => path.join(dir, name));
}

/** Every place a table is written: `<client>.<model>.<write>(` and `INSERT INTO|UPDATE|DELETE FROM <table>`. */
function tableWrites(source: string): string[] {
  const tables = new Set<string>();
  for (const [table, { model }] of Object.entries(OWNERS)) {
    if (new RegExp(`\\.${model}\\.(?:${WRITE_METHODS})\\(`).test(source)) tables.add(table);
  }
  for (const match of source.matchAll(/\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?/g)) {
    if (match[1] in OWNERS) tables.add(match[1]);
  }
  return [...tables];
}

function routeFiles(): string[] {
  return sourceFiles(path.join(ROOT, "app/api")).filter((file) => path.basename(file) === "route.ts");
}

describe("table ownership", () => {
  it("recognises writes in both forms", () => {
    expect(tableWrites("await tx.passkey.deleteMany({ where })")).toEqual(["passkeys"]);
    expect(tableWrites("sql`UPDATE sessions SET revoked_at = now()`")).toEqual(["sessions"]);
    expect(tableWrites("INSERT INTO security_events (id) VALUES (1)")).toEqual(["security_events"]);
    expect(tableWrites("prisma.passkey.findMany(); SELECT 1 FROM users FOR UPDATE")).toEqual([]);
  });

  it("lets only the owning domain write each table, and app/ none at all", () => {
    const files = [...sourceFiles(SERVER), ...sourceFiles(path.join(ROOT, "app"))];
    const writes = files.flatMap((file) => tableWrites(readFileSync(file, "utf8")).map((table) => ({ file: relative(file), table })));
    // Every table is written somewhere: a scanner that found nothing would pass vacuously.
    expect(new Set(writes.map(({ table }) => table))).toEqual(new Set(Object.keys(OWNERS)));
    const strangers = writes.filter(({ file, table }) => !file.startsWith(`lib/server/${OWNERS[table].domain}/`));
    expect(strangers).toEqual([]);
  });

  it("keeps the database client out of app/ (pages and routes call domain operations)", () => {
    const importers = sourceFiles(path.join(ROOT, "app")).filter((file) => importsOf(file).includes(DATABASE));
    expect(importers.map(relative)).toEqual([]);
  });
});

describe("import depth", () => {
  // Counted from the route's first import to the database module, both included.
  const MAX_MODULES = 5;

  it(`reaches the database from every route through at most ${MAX_MODULES} modules`, () => {
    const tooDeep = routeFiles()
      .map((route) => longestChain(route, DATABASE))
      .filter((chain): chain is string[] => chain !== null && chain.length - 1 > MAX_MODULES)
      .map((chain) => chain.map(relative).join(" → "));
    expect(tooDeep).toEqual([]);
  });

  it("finds the chains it limits (a route that reads the database has one)", () => {
    const chain = longestChain(path.join(ROOT, "app/api/session/sign-in/verify/route.ts"), DATABASE);
    expect(chain?.length).toBeGreaterThan(2);
  });
});

describe("layers", () => {
  const activityOrMail = (file: string) => file.startsWith(path.join(SERVER, "activity") + path.sep);

  it.each(["sessions/sessions.ts", "http/route.ts", "http/http.ts", "sessions/verification.ts"])(
    "%s loads nothing of activity or mail",
    (module) => {
      const loaded = [...closureOf(path.join(SERVER, module))].filter(activityOrMail);
      expect(loaded.map(relative)).toEqual([]);
    },
  );

  it("sees activity where it is loaded (the check above is not vacuous)", () => {
    expect([...closureOf(path.join(SERVER, "sessions/sign-out.ts"))].some(activityOrMail)).toBe(true);
  });

  it("keeps lib/server out of the browser bundle: lib/client and components import nothing from it", () => {
    const browserFiles = [...sourceFiles(path.join(ROOT, "lib/client")), ...sourceFiles(path.join(ROOT, "components"))];
    const offenders = browserFiles.filter((file) => [...closureOf(file)].some((loaded) => loaded.startsWith(SERVER + path.sep)));
    expect(offenders.map(relative)).toEqual([]);
  });
});
