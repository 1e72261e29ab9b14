// Every API route handler, signed out and signed in, gets over a hundred malformed requests from
// a seeded generator: broken and hostile bodies, odd headers and cookies, tampered ceremony
// responses. No answer may be a 5xx, and every answer must be JSON without stack traces, SQL or
// Prisma in it; refusals must carry a sentence a person can read. Replay a run with
// FUZZ_SEED=<seed> (printed with the request count); FUZZ_REQUESTS sets requests per route,
// method and mode.
import { randomInt, randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as signInOptions } from "@/app/api/session/sign-in/options/route";
import { POST as signUpOptions } from "@/app/api/account/sign-up/options/route";
import { prisma } from "@/lib/server/platform/db";
import { hit, LIMITS } from "@/lib/server/security/rate-limit";
import { startAddPasskey } from "@/lib/server/ceremonies/registration";
import { startStepUp } from "@/lib/server/ceremonies/step-up";
import { requestSignInOptions, requestSignUpOptions } from "@/lib/testing/ceremonies";
import { addPasskeyTo, openSession, signUpAccount } from "@/lib/testing/factories";
import { uniqueEmail } from "@/lib/testing/unique-email";
import { ORIGIN } from "@/lib/testing/route-harness";
import { HOSTILE_STRINGS, Random } from "@/lib/testing/fuzz";
import { fuzzBody, fuzzHeaders, problemsWithAnswer } from "@/lib/testing/fuzz-requests";
import { createSoftwareAuthenticator, type SoftwareAuthenticator } from "@/lib/testing/software-authenticator";

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(2 ** 31);
const PER_ROUTE = Number(process.env.FUZZ_REQUESTS ?? 60);
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
// The actions next-auth itself serves read next/headers, which only exists inside a Next.js
// request: called directly they throw whatever the input. The fuzzer sends everything else to
// that route (its own guard answers it); the e2e suite covers these through the real server.
const NEEDS_NEXT_REQUEST_SCOPE: Record<string, readonly string[]> = {
  "/api/auth/[...nextauth]": ["session", "csrf", "providers", "signout"],
};

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

interface Route {
  /** e.g. /api/account/passkeys/[id] */
  pattern: string;
  method: (typeof METHODS)[number];
  handler: Handler;
}

/** Every route.ts under app/api and its exported methods, so routes added later are fuzzed too. */
async function discoverRoutes(): Promise<Route[]> {
  const root = path.resolve(import.meta.dirname, "..");
  const files = readdirSync(import.meta.dirname, { recursive: true, encoding: "utf8" }).filter((file) => path.basename(file) === "route.ts");
  const routes: Route[] = [];
  for (const file of files.sort()) {
    const pattern = `/${path.relative(root, path.join(import.meta.dirname, path.dirname(file))).split(path.sep).join("/")}`;
    const module = (await import(path.join(import.meta.dirname, file))) as Record<string, unknown>;
    for (const method of METHODS) {
      if (typeof module[method] === "function") routes.push({ pattern, method, handler: module[method] as Handler });
    }
  }
  return routes;
}

interface SignedIn {
  userId: string;
  authenticator: SoftwareAuthenticator;
  email: string;
  cookie: string;
  sessionIds: string[];
  passkeyIds: string[];
}

/** A signed-in account with two passkeys (so a removal can succeed) and a second session. */
async function signedInAccount(): Promise<SignedIn> {
  const { user, passkey, authenticator } = await signUpAccount();
  const second = await addPasskeyTo(user);
  // Not tied to a passkey, so removing one does not sign the fuzzer out.
  const session = await openSession(user.id);
  const other = await openSession(user.id);
  // Two real generations of recovery codes are plenty; each hashes ten codes with scrypt, and
  // the account's allowance would otherwise take most of the run's time.
  for (let i = 2; i < LIMITS.recoveryCodesPerAccount.limit; i += 1) await hit(LIMITS.recoveryCodesPerAccount, user.id);
  return { userId: user.id, authenticator, email: user.email, cookie: session.cookie, sessionIds: [session.id, other.id], passkeyIds: [passkey.id, second.passkey.id] };
}

/** A mutant may delete the account (the hostile strings hold valid emails a profile change can adopt); then a new one takes over. */
async function stillSignedIn(account: SignedIn): Promise<boolean> {
  return (await prisma.session.count({ where: { id: account.sessionIds[0], userId: account.userId, revokedAt: null } })) === 1;
}

/** Real ceremony responses, each a starting point for near-miss mutants. */
async function ceremonyTemplates(account: SignedIn): Promise<Record<string, unknown>> {
  const signUp = await createSoftwareAuthenticator().createCredential(await requestSignUpOptions(signUpOptions, uniqueEmail("fuzz")), { origin: ORIGIN });
  const member = await signUpAccount();
  const assertion = await member.authenticator.getAssertion(await requestSignInOptions(signInOptions), { origin: ORIGIN });
  // Bound to the fuzzer's signed-in session, as the browser's would be.
  const session = await prisma.session.findUniqueOrThrow({ where: { id: account.sessionIds[0] }, include: { user: true } });
  const added = await createSoftwareAuthenticator().createCredential((await startAddPasskey(session)) as PublicKeyCredentialCreationOptionsJSON, { origin: ORIGIN });
  const stepUp = await account.authenticator.getAssertion((await startStepUp(session)) as PublicKeyCredentialRequestOptionsJSON, { origin: ORIGIN });
  return {
    "/api/account/sign-up/verify": { response: signUp },
    "/api/session/sign-in/verify": { response: assertion },
    "/api/account/passkeys/registration/verify": { response: added },
    "/api/session/step-up/verify": { response: stepUp },
  };
}

/** A near-valid body for each route the portal has today; unknown routes get generic ones. */
function bodyTemplates(account: SignedIn, ceremonies: Record<string, unknown>): Record<string, unknown> {
  return {
    ...ceremonies,
    "/api/account/sign-up/options": { email: "fuzz-signup@example.com", name: "Fuzz Person" },
    "/api/session/sign-in/options": { email: account.email },
    "/api/recovery/sign-in": { email: account.email, code: "ABCD-EFGH-JKMN" },
    "/api/account/profile": { name: "Fuzzed Name", email: account.email },
    "/api/account/policy": { deviceBoundOnly: true },
    // Never the account's own email: deleting it would end the signed-in half of the run.
    "/api/account": { email: "not-the-owner@example.com" },
    "/api/account/passkeys/[id]": { name: "Fuzzed passkey" },
  };
}

function paramsFor(random: Random, pattern: string, account: SignedIn): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  const value = (): string =>
    random.pick([...account.passkeyIds, ...account.sessionIds, randomUUID(), randomUUID().toUpperCase(), "callback", "passkey", "signin", ...HOSTILE_STRINGS]);
  for (const [, rest, name] of pattern.matchAll(/\[(\.\.\.)?([^\]]+)\]/g)) {
    if (!rest) {
      params[name] = value();
      continue;
    }
    const segments = Array.from({ length: random.int(3) }, value);
    params[name] = NEEDS_NEXT_REQUEST_SCOPE[pattern]?.includes(segments.join("/")) ? [...segments, "x"] : segments;
  }
  return params;
}

describe("API fuzz", () => {
  let routes: Route[];
  let account: SignedIn;
  let templates: Record<string, unknown>;

  beforeAll(async () => {
    routes = await discoverRoutes();
    account = await signedInAccount();
    templates = bodyTemplates(account, await ceremonyTemplates(account));
  }, 120_000);

  it("finds the route handlers under app/api", () => {
    const patterns = new Set(routes.map((route) => route.pattern));
    expect(patterns).toContain("/api/account/sign-up/verify");
    expect(patterns).toContain("/api/account/passkeys/[id]");
    expect(routes.length).toBeGreaterThanOrEqual(15);
  });

  it(`answers every malformed request without a 5xx, a stack trace or SQL (seed ${SEED})`, async () => {
    const random = new Random(SEED);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    for (const signedIn of [false, true]) {
      for (const route of routes) {
        for (let i = 0; i < PER_ROUTE; i += 1) {
          if (signedIn && !(await stillSignedIn(account))) account = await signedInAccount();
          const headers = fuzzHeaders(random, signedIn ? account.cookie.slice(account.cookie.indexOf("=") + 1) : null);
          const hasBody = route.method !== "GET" && route.method !== "HEAD";
          const body = hasBody ? fuzzBody(random, templates[route.pattern]) : {};
          const payload = body.text ?? (body.value === undefined ? undefined : JSON.stringify(body.value));
          const request = new NextRequest(`${ORIGIN}${route.pattern}`, { method: route.method, headers, body: payload as BodyInit | undefined });
          const label = `#${sent} ${signedIn ? "signed in" : "signed out"} ${route.method} ${route.pattern}`;
          sent += 1;
          let response: Response;
          try {
            response = await route.handler(request, { params: Promise.resolve(paramsFor(random, route.pattern, account)) });
          } catch (error) {
            failures.push(`${label}: the handler threw ${(error as Error).message}`);
            continue;
          }
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const text = await response.text();
          const problems = problemsWithAnswer(response.status, response.headers.get("content-type") ?? "", text);
          if (problems.length > 0) {
            const sentSummary = `cookie ${headers.get("cookie")?.slice(0, 120) ?? "none"}, body ${String(payload).slice(0, 200)}`;
            failures.push(`${label}: ${problems.join(", ")}; sent ${sentSummary}; got ${text.slice(0, 300)}`);
          }
        }
      }
    }
    const summary = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(" ");
    console.log(`API fuzz: seed ${SEED}, ${sent} requests to ${routes.length} route handlers, signed out and in (${summary}). Replay with FUZZ_SEED=${SEED}.`);
    expect(failures, `FUZZ_SEED=${SEED}: ${failures.length} bad answers`).toEqual([]);
  }, 300_000);
});
