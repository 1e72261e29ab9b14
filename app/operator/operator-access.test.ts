import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as addOptions } from "@/app/api/account/passkeys/registration/options/route";
import { POST as stepUpOptions } from "@/app/api/session/step-up/options/route";
import { POST as stepUpVerify } from "@/app/api/session/step-up/verify/route";
import { loadEnv } from "@/lib/server/platform/env";
import { operatorAccess, type OperatorAccess } from "@/lib/server/operations/operator-access";
import { sessionForRequest } from "@/lib/server/sessions/sessions";
import { expireStepUp, openSession, signUpAccount, type SignedInSession, type SignedUpAccount } from "@/lib/testing/factories";
import { expectRefusal } from "@/lib/testing/refusals";
import { callRoute, ORIGIN, type RouteResponse } from "@/lib/testing/route-harness";
import type { SoftwareAuthenticator } from "@/lib/testing/software-authenticator";
import { uniqueEmail } from "@/lib/testing/unique-email";

// Who /operator shows what, decided from the request's session cookie the way the page reads it:
// "none" is the 404 of an unknown path, "confirm_with_passkey" the step-up, "granted" the data.

const OPERATOR = uniqueEmail("operator");
// As OPERATOR_EMAILS would be configured by hand: other case, blanks, a trailing comma.
const OPERATOR_EMAILS = loadEnv({ NODE_ENV: "test", AUTH_SECRET: "s".repeat(32), OPERATOR_EMAILS: ` ${OPERATOR.toUpperCase()} , ops@example.org,` }).operatorEmails;

async function accessWith(cookie: string | null): Promise<OperatorAccess> {
  const request = new Request(`${ORIGIN}/operator`, { headers: cookie ? { cookie } : {} });
  return operatorAccess(await sessionForRequest(request), { operatorEmails: OPERATOR_EMAILS });
}

async function stepUp(session: SignedInSession, authenticator: SoftwareAuthenticator, credentialId?: string): Promise<RouteResponse> {
  const options = await callRoute(stepUpOptions, { cookie: session.cookie });
  if (options.status !== 200) return options;
  const assertion = await authenticator.getAssertion(options.body as PublicKeyCredentialRequestOptionsJSON, { origin: ORIGIN, credentialId });
  return callRoute(stepUpVerify, { cookie: session.cookie, body: { response: assertion } });
}

// One operator account for the file: its address can be confirmed on one account only.
let operator: SignedUpAccount;

beforeAll(async () => {
  operator = await signUpAccount({ email: OPERATOR });
});

describe("who may see /operator", () => {
  it("reads OPERATOR_EMAILS without case, blanks or empty entries", () => {
    expect(OPERATOR_EMAILS).toEqual([OPERATOR, "ops@example.org"]);
  });

  it("shows nobody signed out anything but the 404, nor a cookie that opens no session", async () => {
    expect(await accessWith(null)).toBe("none");
    expect(await accessWith("portal.session=forged")).toBe("none");
  });

  it("shows a signed-in account that is not an operator the 404, however fresh its passkey check", async () => {
    const { user } = await signUpAccount();
    expect(await accessWith((await openSession(user.id)).cookie)).toBe("none");
  });

  it("shows the 404 to an account that signed up with an operator's address but never confirmed it", async () => {
    const impostor = await signUpAccount({ email: OPERATOR, confirmed: false });
    expect(impostor.user.emailConfirmedAt).toBeNull();
    expect(await accessWith((await openSession(impostor.user.id)).cookie)).toBe("none");
  });

  it("shows the operator the dashboard right after a passkey sign-in, and the passkey check once it is stale", async () => {
    const { user } = operator;
    const session = await openSession(user.id);
    expect(await accessWith(session.cookie)).toBe("granted");
    await expireStepUp(session.id);
    expect(await accessWith(session.cookie)).toBe("confirm_with_passkey");
  });

  it("shows a recovery-code session of the operator the passkey check, not the data", async () => {
    const { user } = operator;
    expect(await accessWith((await openSession(user.id, { method: "recovery" })).cookie)).toBe("confirm_with_passkey");
  });

  it("opens the dashboard again once the operator confirms with their passkey", async () => {
    const { user, authenticator } = operator;
    const session = await openSession(user.id);
    await expireStepUp(session.id);
    expect((await stepUp(session, authenticator)).status).toBe(200);
    expect(await accessWith(session.cookie)).toBe("granted");
  });
});

describe("a stolen operator session cookie", () => {
  it("cannot pass the check with the thief's own passkey, nor add one to vouch with", async () => {
    const { user } = operator;
    const stolen = await openSession(user.id);
    await expireStepUp(stolen.id);

    const thief = await signUpAccount();
    expectRefusal(await stepUp(stolen, thief.authenticator, thief.passkey.credentialId), 401, "wrong_account");
    expectRefusal(await callRoute(addOptions, { cookie: stolen.cookie }), 403, "step_up_required");

    expect(await accessWith(stolen.cookie)).toBe("confirm_with_passkey");
  });
});
