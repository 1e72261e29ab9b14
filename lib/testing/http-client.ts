// A browser as the portal's servers see it, over real HTTP: a cookie jar, the site's Origin on
// every request, an X-Forwarded-For address (the servers trust one proxy by default), and the
// ceremonies a person runs with a passkey (lib/testing/software-authenticator.ts plays the
// authenticator). Shared by the benchmark (scripts/bench.ts) and the system tests.
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { sessionCookieName } from "../server/http/cookies";
import type { SoftwareAuthenticator } from "./software-authenticator";

export interface HttpResult {
  status: number;
  /** The body as text (JSON routes: parse with {@link json}). */
  body: string;
  headers: Headers;
}

export interface HttpBrowser {
  /** The site's origin (what ORIGINS holds), sent as Origin; not necessarily where requests go. */
  origin: string;
  /** The instance requests go to, e.g. http://127.0.0.1:41234; may change between requests. */
  server: string;
  /** The address this browser connects from, sent as X-Forwarded-For. */
  ip: string;
  cookies: Map<string, string>;
}

/** A thrown non-2xx answer, with what the server said, so a failed run shows why. */
export class UnexpectedResponse extends Error {
  constructor(
    readonly request: string,
    readonly result: HttpResult,
  ) {
    super(`${request} answered ${result.status}: ${result.body.slice(0, 2000)}`);
  }
}

export function createBrowser(options: { origin: string; server: string; ip: string }): HttpBrowser {
  return { ...options, cookies: new Map() };
}

// 10.0.0.0/8 from a random start: every call in this process gets an address of its own, and
// two runs against one database rarely share one (per-IP rate limits outlive a run).
let nextAddress = Math.floor(Math.random() * 0x800000);

/** A client IP address no other call in this process has returned. */
export function freshIp(): string {
  nextAddress = (nextAddress + 1) % 0xffffff || 1;
  return `10.${(nextAddress >> 16) & 0xff}.${(nextAddress >> 8) & 0xff}.${nextAddress & 0xff}`;
}

function cookieHeader(browser: HttpBrowser): string {
  return [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
}

// Enough of RFC 6265 for one site on one host: name=value, deleted by Max-Age=0 or an empty value.
function storeCookies(browser: HttpBrowser, headers: Headers): void {
  for (const line of headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(";");
    const index = pair.indexOf("=");
    if (index <= 0) continue;
    const name = pair.slice(0, index).trim();
    const value = pair.slice(index + 1).trim();
    const expired = attributes.some((attribute) => /^\s*max-age\s*=\s*0\s*$/i.test(attribute));
    if (expired || value === "") browser.cookies.delete(name);
    else browser.cookies.set(name, value);
  }
}

/** One request as the browser sends it (cookies, Origin, X-Forwarded-For); never follows redirects. */
export async function send(
  browser: HttpBrowser,
  method: string,
  path: string,
  options: { json?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { origin: browser.origin, "x-forwarded-for": browser.ip, ...options.headers };
  const cookies = cookieHeader(browser);
  if (cookies) headers.cookie = cookies;
  if (options.json !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(new URL(path, browser.server), {
    method,
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
    redirect: "manual",
  });
  storeCookies(browser, response.headers);
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/** A JSON POST that must succeed: anything but 2xx throws {@link UnexpectedResponse}. */
export async function postJson<T>(browser: HttpBrowser, path: string, body: unknown): Promise<T> {
  const result = await send(browser, "POST", path, { json: body });
  if (result.status < 200 || result.status > 299) throw new UnexpectedResponse(`POST ${path}`, result);
  return json<T>(result);
}

export function json<T>(result: HttpResult): T {
  return JSON.parse(result.body) as T;
}

/** The session cookie's value, if the browser holds one (http: portal.session; https: __Host-portal.session). */
export function sessionCookie(browser: HttpBrowser): string | undefined {
  return browser.cookies.get(sessionCookieName(false)) ?? browser.cookies.get(sessionCookieName(true));
}

/** Drops the session cookie (a signed-out browser that keeps its device cookie). */
export function forgetSession(browser: HttpBrowser): void {
  browser.cookies.delete(sessionCookieName(false));
  browser.cookies.delete(sessionCookieName(true));
}

function requireSessionCookie(browser: HttpBrowser, step: string): void {
  if (!sessionCookie(browser)) throw new Error(`${step} answered 200 but set no session cookie`);
}

export function requestSignUpOptions(browser: HttpBrowser, email: string, name: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return postJson(browser, "/api/account/sign-up/options", { email, name });
}

export async function finishSignUp(browser: HttpBrowser, authenticator: SoftwareAuthenticator, options: PublicKeyCredentialCreationOptionsJSON): Promise<void> {
  const response = await authenticator.createCredential(options, { origin: browser.origin });
  await postJson(browser, "/api/account/sign-up/verify", { response });
  requireSessionCookie(browser, "Sign-up");
}

/** Creates an account with a passkey held by `authenticator`; the browser is then signed in to it. */
export async function signUp(browser: HttpBrowser, authenticator: SoftwareAuthenticator, email: string, name = "Bench Person"): Promise<void> {
  await finishSignUp(browser, authenticator, await requestSignUpOptions(browser, email, name));
}

/** Sign-in options for a discoverable passkey (no email), as the sign-in page asks for them. */
export function requestSignInOptions(browser: HttpBrowser): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return postJson(browser, "/api/session/sign-in/options", {});
}

export async function finishSignIn(browser: HttpBrowser, authenticator: SoftwareAuthenticator, options: PublicKeyCredentialRequestOptionsJSON): Promise<void> {
  const response = await authenticator.getAssertion(options, { origin: browser.origin });
  await postJson(browser, "/api/session/sign-in/verify", { response });
  requireSessionCookie(browser, "Sign-in");
}

/** Signs in afresh with the authenticator's passkey: the browser ends up with a new session cookie. */
export async function signIn(browser: HttpBrowser, authenticator: SoftwareAuthenticator): Promise<void> {
  forgetSession(browser);
  await finishSignIn(browser, authenticator, await requestSignInOptions(browser));
}

/** A document request for a page, as a browser's navigation sends it. */
export function loadPage(browser: HttpBrowser, path: string): Promise<HttpResult> {
  return send(browser, "GET", path, { headers: { accept: "text/html,application/xhtml+xml", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" } });
}

/** /account for a signed-in browser: 200 with the account page, or it throws (e.g. a redirect to /signin). */
export async function loadAccountPage(browser: HttpBrowser): Promise<void> {
  const result = await loadPage(browser, "/account");
  if (result.status !== 200) throw new UnexpectedResponse(`GET /account (location: ${result.headers.get("location") ?? "none"})`, result);
  if (!result.body.includes("<title>Your account")) throw new Error("GET /account answered 200 without the account page");
}
