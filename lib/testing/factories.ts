// Accounts, passkeys and sessions for tests, made the way the portal makes them: through the
// real ceremonies (a software authenticator, lib/server/ceremonies) or, when a test passes the
// sign-up route handlers, through those routes, as a browser would.
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { finishAddPasskey, finishSignUp, startAddPasskey, startSignUp } from "../server/ceremonies/registration";
import { prisma } from "../server/platform/db";
import { env } from "../server/platform/env";
import { generateRecoveryCodes } from "../server/recovery/recovery-codes";
import type { ClientInfo } from "../server/http/client-info";
import { createSession, type SignInMethod } from "../server/sessions/sessions";
import type { Passkey, Session, User } from "../generated/prisma/client";
import type { Locale } from "../shared/locale";
import { requestSignUpOptions } from "./ceremonies";
import { sessionCookie, sessionSetBy } from "./cookies";
import { callRoute, ORIGIN, TEST_DEVICE_ID, type RouteHandler } from "./route-harness";
import { createSoftwareAuthenticator, type SoftwareAuthenticator, type SoftwareAuthenticatorOptions } from "./software-authenticator";
import { uniqueEmail } from "./unique-email";

/**
 * A bare account row (no passkey), for tests that only need an owner. Its address is
 * confirmed unless `confirmed: false` (an account as sign-up leaves it before the code is entered).
 */
export function createUser(options: { email?: string; displayName?: string; confirmed?: boolean; locale?: Locale } = {}): Promise<User> {
  return prisma.user.create({
    data: {
      locale: options.locale,
      email: options.email ?? uniqueEmail(),
      displayName: options.displayName ?? "Test Person",
      userHandle: randomBytes(32).toString("base64url"),
      emailConfirmedAt: options.confirmed === false ? null : new Date(),
    },
  });
}

/** A bare account (see {@link createUser}) holding a fresh set of recovery codes, generated from `client`. */
export async function createUserWithRecoveryCodes(client: ClientInfo = { ipAddress: null, userAgent: null }): Promise<{ user: User; codes: string[] }> {
  const user = await createUser();
  return { user, codes: await generateRecoveryCodes(user.id, client) };
}

/** app/api/account/sign-up/{options,verify}/route.ts's POST handlers, passed in by the test. */
export interface SignUpRoutes {
  options: RouteHandler;
  verify: RouteHandler;
}

export interface SignUpOptions {
  email?: string;
  name?: string;
  authenticator?: SoftwareAuthenticatorOptions;
  userAgent?: string | null;
  /** false: the address is left unconfirmed, as sign-up leaves it before the code is entered. */
  confirmed?: boolean;
  /** Sign up through these routes (which also mail the confirmation code) instead of lib/server directly. */
  routes?: SignUpRoutes;
  /** More request headers for the routes (Accept-Language, …). */
  headers?: Record<string, string>;
}

export interface SignedUpAccount {
  authenticator: SoftwareAuthenticator;
  user: User;
  passkey: Passkey;
  /** The session sign-up opened, in the test browser ({@link TEST_DEVICE_ID}). */
  sessionId: string;
}

async function signUpThroughRoutes(routes: SignUpRoutes, authenticator: SoftwareAuthenticator, options: SignUpOptions): Promise<string> {
  const headers: Record<string, string> = { ...(options.userAgent ? { "user-agent": options.userAgent } : {}), ...options.headers };
  const creation = await requestSignUpOptions(routes.options, options.email ?? uniqueEmail(), options.name, headers);
  const response = await authenticator.createCredential(creation, { origin: ORIGIN });
  const result = await callRoute(routes.verify, { path: "/api/account/sign-up/verify", body: { response }, headers });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return (await sessionSetBy(result)).id;
}

async function signUpDirectly(authenticator: SoftwareAuthenticator, options: SignUpOptions): Promise<string> {
  const email = options.email ?? uniqueEmail();
  const creation = await startSignUp({ email, displayName: options.name ?? "Test Person", binding: TEST_DEVICE_ID });
  const response = await authenticator.createCredential(creation, { origin: ORIGIN });
  const client = { userAgent: options.userAgent ?? null, ipAddress: null };
  return (await finishSignUp(response, { deviceId: TEST_DEVICE_ID, client })).sessionId;
}

/**
 * An account with one passkey, held by a fresh software authenticator. Unless `confirmed: false`,
 * its address then counts as confirmed, as if its owner had entered the code: a pending code and
 * its email are dropped, so a test sees only the mail its own steps send.
 */
export async function signUpAccount(options: SignUpOptions = {}): Promise<SignedUpAccount> {
  const authenticator = createSoftwareAuthenticator(options.authenticator);
  const sessionId = options.routes ? await signUpThroughRoutes(options.routes, authenticator, options) : await signUpDirectly(authenticator, options);
  const { userId } = await prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
  if (options.confirmed !== false) {
    await prisma.user.update({ where: { id: userId }, data: { emailConfirmedAt: new Date() } });
    await prisma.emailConfirmation.deleteMany({ where: { userId } });
    await prisma.outboxEmail.deleteMany({ where: { userId, kind: "email_confirmation" } });
  }
  const { user, ...passkey } = await prisma.passkey.findFirstOrThrow({ where: { userId }, include: { user: true } });
  return { authenticator, user, passkey, sessionId };
}

/** A database session as the signed-in routes and lib/server see it, plus its browser's cookie. */
export type SignedInSession = Session & {
  user: User;
  /** Cookie header value for requests made from this session's browser. */
  cookie: string;
};

/** Opens a database session for the account, as a sign-in does after its ceremony. */
export async function openSession(
  userId: string,
  options: { passkeyId?: string | null; method?: SignInMethod; userAgent?: string | null; ipAddress?: string | null; deviceId?: string | null } = {},
): Promise<SignedInSession> {
  const id = await createSession({
    userId,
    passkeyId: options.passkeyId ?? null,
    method: options.method ?? "passkey",
    userAgent: options.userAgent === undefined ? "Vitest" : options.userAgent,
    ipAddress: options.ipAddress ?? null,
    deviceId: options.deviceId ?? null,
  });
  const session = await prisma.session.findUniqueOrThrow({ where: { id }, include: { user: true } });
  return { ...session, cookie: await sessionCookie(id) };
}

/** Makes the session's last passkey check older than the step-up window. */
export async function expireStepUp(sessionId: string): Promise<void> {
  await prisma.session.update({ where: { id: sessionId }, data: { verifiedAt: new Date(Date.now() - env().stepUpWindowMs - 60_000) } });
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
  const id = sessionId ?? (await openSession(user.id, { userAgent })).id;
  const session = { id, userId: user.id, user };
  const creation = await startAddPasskey(session);
  const response = await authenticator.createCredential(creation, { origin: ORIGIN });
  const passkey = await finishAddPasskey(session, response, { userAgent, ipAddress: null });
  return { authenticator, passkey };
}
