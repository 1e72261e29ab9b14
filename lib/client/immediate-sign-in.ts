// Instant sign-in (issue 12): /signin?immediate=1 first asks the browser for a passkey in its
// immediate UI mode, which shows the passkey sheet only when this device already holds one for the
// site and otherwise fails at once, showing nothing. Whether to try is decided here, from what the
// browser reports about itself (never its user agent), so that the decision can be tested alone.

/** The query parameter, and the link other pages show, that ask /signin to try it. */
export const IMMEDIATE_PARAM = "immediate";
export const IMMEDIATE_SIGN_IN_PATH = `/signin?${IMMEDIATE_PARAM}=1`;

/** What `PublicKeyCredential.getClientCapabilities()` answered: capability name → supported. */
export type ClientCapabilities = Readonly<Record<string, boolean | undefined>>;

export interface ImmediateSignInContext {
  /** The page was opened with ?immediate=1. */
  requested: boolean;
  /** The browser's capabilities; null when it cannot report them (no method, or it failed). */
  capabilities: ClientCapabilities | null;
  /** `navigator.userActivation.isActive`; undefined where the browser does not expose it. */
  userActivation: boolean | undefined;
}

/** Whether a /signin query parameter value asks for an immediate attempt. */
export function immediateSignInRequested(value: string | string[] | undefined): boolean {
  return value === "1";
}

/**
 * Whether /signin should try an immediate sign-in before it shows its form. Only a browser that
 * reports `immediateGet` is asked: others would reject the request or, worse, show a modal sheet.
 * The request needs transient user activation (the click on a "Sign in" link that the page's
 * client-side navigation keeps); without it Chromium refuses at once, so it is not worth a
 * challenge. A browser that does not say whether it has activation is asked anyway.
 */
export function shouldTryImmediateSignIn({ requested, capabilities, userActivation }: ImmediateSignInContext): boolean {
  if (!requested) return false;
  if (capabilities?.immediateGet !== true) return false;
  return userActivation !== false;
}

/** The browser's capabilities, or null where it has no `getClientCapabilities` or it fails. */
export async function readClientCapabilities(): Promise<ClientCapabilities | null> {
  try {
    const credentialType = globalThis.PublicKeyCredential as { getClientCapabilities?: () => Promise<unknown> } | undefined;
    if (typeof credentialType?.getClientCapabilities !== "function") return null;
    const capabilities = await credentialType.getClientCapabilities();
    return typeof capabilities === "object" && capabilities !== null ? (capabilities as ClientCapabilities) : null;
  } catch {
    return null;
  }
}

/** The decision for this page load, read from the browser. */
export async function immediateSignInPossible(requested: boolean): Promise<boolean> {
  if (!requested) return false;
  const userActivation = (globalThis.navigator as { userActivation?: { isActive: boolean } } | undefined)?.userActivation?.isActive;
  return shouldTryImmediateSignIn({ requested, capabilities: await readClientCapabilities(), userActivation });
}
