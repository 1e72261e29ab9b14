import "server-only";
import { API } from "../../client/api-paths";

// Metric labels must come from a small, fixed set: a raw path would make a new time series for
// every passkey and session ID (or for whatever an attacker puts there). A request is labelled
// with its route's pattern, and "other" when it is none of the portal's API paths.

const FIXED_PATHS: ReadonlySet<string> = new Set(Object.values(API).filter((path) => typeof path === "string"));
// The routes with an ID in their path: the prefix that API's helpers put before it.
const BY_ID: readonly { prefix: string; pattern: string }[] = [API.passkey, API.session].map((path) => {
  const prefix = path("x").slice(0, -1);
  return { prefix, pattern: `${prefix}[id]` };
});

/** The route pattern a request path belongs to, e.g. /api/account/passkeys/[id]; "other" for none. */
export function routeLabel(pathname: string): string {
  if (FIXED_PATHS.has(pathname)) return pathname;
  for (const { prefix, pattern } of BY_ID) {
    if (pathname.startsWith(prefix) && !pathname.includes("/", prefix.length) && pathname.length > prefix.length) return pattern;
  }
  return "other";
}

export interface CeremonyStep {
  ceremony: "sign-up" | "sign-in" | "step-up" | "add-passkey" | "email-recovery" | "recovery-code";
  step: "options" | "automatic-options" | "verify";
}

const CEREMONY_STEPS: ReadonlyMap<string, CeremonyStep> = new Map<string, CeremonyStep>([
  [API.signUpOptions, { ceremony: "sign-up", step: "options" }],
  [API.signUpVerify, { ceremony: "sign-up", step: "verify" }],
  [API.signInOptions, { ceremony: "sign-in", step: "options" }],
  [API.signInVerify, { ceremony: "sign-in", step: "verify" }],
  [API.stepUpOptions, { ceremony: "step-up", step: "options" }],
  [API.stepUpVerify, { ceremony: "step-up", step: "verify" }],
  [API.passkeyRegistrationOptions, { ceremony: "add-passkey", step: "options" }],
  // The passkey a browser offers to create silently after a sign-in (a conditional create).
  [API.passkeyRegistrationAutomaticOptions, { ceremony: "add-passkey", step: "automatic-options" }],
  [API.passkeyRegistrationVerify, { ceremony: "add-passkey", step: "verify" }],
  [API.emailRecoveryRegistrationOptions, { ceremony: "email-recovery", step: "options" }],
  [API.emailRecoveryRegistrationVerify, { ceremony: "email-recovery", step: "verify" }],
  // One request: the code is the whole ceremony.
  [API.recoverySignIn, { ceremony: "recovery-code", step: "verify" }],
]);

/** The ceremony step a route pattern serves, if it is one. */
export function ceremonyStepOf(route: string): CeremonyStep | undefined {
  return CEREMONY_STEPS.get(route);
}
