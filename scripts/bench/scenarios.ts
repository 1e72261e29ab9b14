// What the benchmark's virtual people do, over HTTP against the production servers.
import { randomBytes } from "node:crypto";
import {
  createBrowser,
  freshIp,
  loadAccountPage,
  send,
  signIn,
  signUp,
  UnexpectedResponse,
  type HttpBrowser,
} from "../../lib/testing/http-client";
import { createSoftwareAuthenticator, type SoftwareAuthenticator } from "../../lib/testing/software-authenticator";

export const ORIGIN = "http://localhost:3000";

/** A person with an account and a passkey, in a browser of their own, using one instance. */
export interface Person {
  browser: HttpBrowser;
  authenticator: SoftwareAuthenticator;
}

const runTag = randomBytes(4).toString("hex");
let accounts = 0;

/** Signs up in a new browser from a new address; the browser is then signed in. */
export async function newPerson(server: string): Promise<Person> {
  accounts += 1;
  const browser = createBrowser({ origin: ORIGIN, server, ip: freshIp() });
  const authenticator = createSoftwareAuthenticator({ backupEligible: true, backedUp: true });
  await signUp(browser, authenticator, `bench-${runTag}-${accounts}@example.com`, `Bench Person ${accounts}`);
  return { browser, authenticator };
}

/**
 * A returning person signing in again: the same browser (its device cookie, so no new-device
 * email) from a new address, so no per-IP limit is ever reached.
 */
export async function signInAgain(person: Person): Promise<void> {
  person.browser.ip = freshIp();
  await signIn(person.browser, person.authenticator);
}

/** A signed-in page load: the account page, as a browser navigates to it. */
export function loadAccount(person: Person): Promise<void> {
  return loadAccountPage(person.browser);
}

/** The floor: the build's cheapest route (no database, no session). */
export async function health(server: string): Promise<void> {
  const result = await send(createBrowser({ origin: ORIGIN, server, ip: "10.0.0.1" }), "GET", "/api/health");
  if (result.status !== 200) throw new UnexpectedResponse("GET /api/health", result);
}
