// Drives the WebAuthn route handlers the way the browser does: JSON POSTs with this site's
// Origin, real responses from the software authenticator, real database rows.
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { expect } from "vitest";
import { POST as authenticationOptions } from "@/app/api/session/sign-in/options/route";
import { POST as authenticationVerify } from "@/app/api/session/sign-in/verify/route";
import { POST as registrationOptions } from "@/app/api/account/sign-up/options/route";
import { POST as registrationVerify } from "@/app/api/account/sign-up/verify/route";
import { verifyAssertion } from "../server/ceremonies/authentication";
import { recordPasskeyUse } from "../server/passkeys/passkeys";
import { prisma } from "../server/platform/db";
import { UserFacingError } from "../server/platform/errors";
import type { Passkey, Session, User } from "../generated/prisma/client";
import { finishAddPasskey, finishSignUp, startAddPasskey, startSignUp } from "../server/ceremonies/registration";
import { createSession, type SignInMethod } from "../server/sessions/sessions";
import { createSoftwareAuthenticator, type SoftwareAuthenticator, type SoftwareAuthenticatorOptions } from "./software-authenticator";

export const ORIGIN = "http://localhost:3000";

/**
 * The device ID of the test "browser": every ceremony request sends it as its device cookie, so
 * a challenge asked for by one request can be finished by the next (challenges are bound to the
 * browser that asked for them). Pass another cookie header to play a second browser.
 */
export const TEST_DEVICE_ID = "test-browser-device-id";
export const TEST_DEVICE_COOKIE = `portal.device=${TEST_DEVICE_ID}`;

const ROUTES = {
  "registration/options": registrationOptions,
  "registration/verify": registrationVerify,
  "authentication/options": authenticationOptions,
  "authentication/verify": authenticationVerify,
} as const;

export type CeremonyRoute = keyof typeof ROUTES;
const PATHS: Record<CeremonyRoute, string> = {
  "registration/options": "/api/account/sign-up/options",
  "registration/verify": "/api/account/sign-up/verify",
  "authentication/options": "/api/session/sign-in/options",
  "authentication/verify": "/api/session/sign-in/verify",
};
export const CEREMONY_ROUTES = Object.keys(ROUTES) as CeremonyRoute[];

export interface RouteResult {
  status: number;
  body: unknown;
  headers: Headers;
}

export interface PostOptions {
  /** Sent verbatim instead of JSON.stringify(body). */
  rawBody?: string;
  /** Header overrides; null removes a header (e.g. Origin). */
  headers?: Record<string, string | null>;
}

export async function post(route: CeremonyRoute, body: unknown, options: PostOptions = {}): Promise<RouteResult> {
  const headers = new Headers({ "content-type": "application/json", origin: ORIGIN, cookie: TEST_DEVICE_COOKIE });
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  const request = new Request(`${ORIGIN}${PATHS[route]}`, {
    method: "POST",
    headers,
    body: options.rawBody ?? JSON.stringify(body),
  });
  const response = await ROUTES[route](request, undefined);
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** A refusal the UI can show as is: 4xx, a sentence for people, and a code for the client. */
export function expectRejection(result: RouteResult, status: number, code: string): void {
  expect(result, JSON.stringify(result.body)).toMatchObject({ status, body: { code } });
  const { error } = result.body as { error: unknown };
  expect(error).toEqual(expect.stringMatching(/^[A-Z][^\n]{10,}[.!?]$/));
  expect(error).not.toMatch(/prisma|sql|stack|undefined|\bat \//i);
}

/**
 * A structurally malformed body: 400 invalid_request with some message. The wording is checked
 * separately (request-validation.test.ts).
 */
export function expectMalformedRequest(result: RouteResult): void {
  expect(result, JSON.stringify(result.body)).toMatchObject({
    status: 400,
    body: { code: "invalid_request", error: expect.stringMatching(/\S/) },
  });
}

export async function signUpOptions(email: string, name = "Test Person"): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const result = await post("registration/options", { email, name });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body as PublicKeyCredentialCreationOptionsJSON;
}

export async function signInOptions(email?: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const result = await post("authentication/options", email === undefined ? {} : { email });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body as PublicKeyCredentialRequestOptionsJSON;
}

export function verifyRegistration(response: RegistrationResponseJSON): Promise<RouteResult> {
  return post("registration/verify", { response });
}

export function verifyAuthentication(response: AuthenticationResponseJSON): Promise<RouteResult> {
  return post("authentication/verify", { response });
}

let counter = 0;

/** An email no other test in this file uses. */
export function uniqueEmail(label = "user"): string {
  counter += 1;
  return `${label}-${counter}-${Date.now()}@example.com`;
}

async function markConfirmed(userId: string): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { emailConfirmedAt: new Date() } });
  await prisma.emailConfirmation.deleteMany({ where: { userId } });
  await prisma.outboxEmail.deleteMany({ where: { userId, kind: "email_confirmation" } });
}

export interface RegisteredUser {
  authenticator: SoftwareAuthenticator;
  email: string;
  userId: string;
  userHandle: string;
  credentialId: string;
  passkeyId: string;
}

/**
 * Signs up through the routes and returns the account the database now holds. Unless
 * `confirm: false`, its address then counts as confirmed, as if its owner had entered the code:
 * the pending code and its email are dropped, so a test sees only the mail its own steps send.
 */
export async function registerUser(
  options: { email?: string; name?: string; authenticator?: SoftwareAuthenticatorOptions; confirm?: boolean } = {},
): Promise<RegisteredUser> {
  const email = options.email ?? uniqueEmail();
  const authenticator = createSoftwareAuthenticator(options.authenticator);
  const creation = await signUpOptions(email, options.name);
  const response = await authenticator.createCredential(creation, { origin: ORIGIN });
  const result = await verifyRegistration(response);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  const { user, ...passkey } = await prisma.passkey.findUniqueOrThrow({ where: { credentialId: response.id }, include: { user: true } });
  if (options.confirm !== false) await markConfirmed(user.id);
  return {
    authenticator,
    email,
    userId: user.id,
    userHandle: user.userHandle,
    credentialId: passkey.credentialId,
    passkeyId: passkey.id,
  };
}

/** Everything a rejected ceremony must leave alone (challenges are spent on purpose). */
export async function accountState(): Promise<unknown> {
  const [users, passkeys, sessions] = await Promise.all([
    prisma.user.findMany({ orderBy: { id: "asc" } }),
    prisma.passkey.findMany({ orderBy: { id: "asc" } }),
    prisma.session.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { users, passkeys, sessions };
}

/** Awaits a call that must be refused with a UserFacingError carrying this code and status. */
export async function expectUserFacingError(promise: Promise<unknown>, code: string, status: number): Promise<void> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error, "expected a UserFacingError").toBeInstanceOf(UserFacingError);
  expect(error).toMatchObject({ code, status });
}

export interface SignedUpAccount {
  authenticator: SoftwareAuthenticator;
  user: User;
  passkey: Passkey;
  /** The session sign-up opened (in the test browser, {@link TEST_DEVICE_ID}). */
  sessionId: string;
}

/**
 * Signs up through lib/server/ceremonies/registration directly (no routes, so no confirmation email), with a fresh
 * software authenticator. The address counts as confirmed unless `confirmed: false`.
 */
export async function signUpAccount(
  options: { email?: string; name?: string; authenticator?: SoftwareAuthenticatorOptions; userAgent?: string | null; confirmed?: boolean } = {},
): Promise<SignedUpAccount> {
  const authenticator = createSoftwareAuthenticator(options.authenticator);
  const creation = await startSignUp({ email: options.email ?? uniqueEmail(), displayName: options.name ?? "Test Person", binding: TEST_DEVICE_ID });
  const response = await authenticator.createCredential(creation, { origin: ORIGIN });
  const client = { userAgent: options.userAgent ?? null, ipAddress: null };
  const { userId, sessionId } = await finishSignUp(response, { deviceId: TEST_DEVICE_ID, client });
  const user = await prisma.user.update({ where: { id: userId }, data: { emailConfirmedAt: options.confirmed === false ? null : new Date() } });
  const passkey = await prisma.passkey.findFirstOrThrow({ where: { userId } });
  return { authenticator, user, passkey, sessionId };
}

/** A session of this account as the signed-in routes see it (lib/server/sessions/sessions ActiveSession). */
export type TestSession = Session & { user: User };

/** Opens a database session for the account (a fresh passkey sign-in unless `method` says otherwise). */
export async function sessionFor(user: User, method: SignInMethod = "passkey"): Promise<TestSession> {
  const id = await createSession({ userId: user.id, passkeyId: null, method, userAgent: null, ipAddress: null });
  return { ...(await prisma.session.findUniqueOrThrow({ where: { id } })), user };
}

/** lib/server/ceremonies/authentication's sign-in verification from the test browser: the account and passkey it proves. */
export async function finishSignIn(response: AuthenticationResponseJSON, userAgent?: string | null): Promise<{ userId: string; passkeyId: string }> {
  const { user, passkey, use } = await verifyAssertion(response, "authentication", { binding: TEST_DEVICE_ID, userAgent });
  // As the verify route does, with its session: the passkey's use is recorded after verification.
  await recordPasskeyUse(passkey.id, use);
  return { userId: user.id, passkeyId: passkey.id };
}

/**
 * Adds a passkey held by a new software authenticator to the account (lib/server/ceremonies/registration), from
 * `sessionId` or else from a new session of its own.
 */
export async function addPasskeyTo(
  user: User,
  options: SoftwareAuthenticatorOptions = {},
  userAgent: string | null = null,
  sessionId?: string,
): Promise<{ authenticator: SoftwareAuthenticator; passkey: Passkey }> {
  const authenticator = createSoftwareAuthenticator(options);
  const id = sessionId ?? (await createSession({ userId: user.id, passkeyId: null, method: "passkey", userAgent, ipAddress: null }));
  const session = { id, userId: user.id, user };
  const creation = await startAddPasskey(session);
  const response = await authenticator.createCredential(creation, { origin: ORIGIN });
  const passkey = await finishAddPasskey(session, response, { userAgent, ipAddress: null });
  return { authenticator, passkey };
}

/** A registration response re-pointed at another challenge. "none" attestation signs nothing over clientDataJSON. */
export function withChallenge(response: RegistrationResponseJSON, challenge: string): RegistrationResponseJSON {
  const clientData = JSON.parse(Buffer.from(response.response.clientDataJSON, "base64url").toString("utf8")) as Record<string, unknown>;
  const clientDataJSON = Buffer.from(JSON.stringify({ ...clientData, challenge })).toString("base64url");
  return { ...response, response: { ...response.response, clientDataJSON } };
}

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
