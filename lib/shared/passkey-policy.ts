// Names of the passkey policies, shared by the server (lib/server/passkeys/policy.ts) and the
// passkeys page in the browser.

/** PASSKEY_POLICY: which passkeys the deployment accepts. */
export type DeploymentPolicyName = "any" | "device-bound" | "allow-list";

/** Why a stored passkey can't be used: its AAGUID is not allowed, or it is synced under the deployment's or the account's device-bound policy. */
export type UnusableReason = "provider-not-allowed" | "deployment-device-bound" | "account-device-bound";
