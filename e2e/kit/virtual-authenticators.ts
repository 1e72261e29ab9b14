// Virtual WebAuthn authenticators through the Chrome DevTools Protocol (WebAuthn domain).
// Tests use them through the `authenticators` fixture (./fixture.ts); the types are public.
import type { CDPSession, Page } from "@playwright/test";

/**
 * What kind of authenticator to simulate.
 * - `"platform"`: built into the device (Touch ID, Windows Hello, Android), CDP transport `internal`.
 *   It answers requests for `authenticatorAttachment: "platform"` (or none).
 * - `"security-key"`: a roaming USB key with a PIN, CDP transport `usb`.
 * - `"phone"`: a phone or tablet reached over hybrid (the QR code), CDP transport `hybrid`; its
 *   credentials report the transports `["ble", "hybrid"]`.
 *
 * The last two answer requests for `"cross-platform"` (or none). Chromium holds a request whose
 * attachment no attached authenticator has until its timeout (it does not fail), and virtual
 * authenticators ignore WebAuthn `hints` (measured, Chromium 156). A page can have only one
 * `"platform"` authenticator.
 */
export type AuthenticatorKind = "platform" | "security-key" | "phone";

const CDP_TRANSPORTS = { platform: "internal", "security-key": "usb", phone: "hybrid" } as const satisfies Record<AuthenticatorKind, string>;

/** How a virtual authenticator is set up; every field has a default. */
export interface AuthenticatorOptions {
  /** Defaults to `"platform"`. */
  kind?: AuthenticatorKind;
  /**
   * True for a synced passkey (iCloud Keychain, Google Password Manager): its credentials carry
   * the backup-eligible (BE) and backed-up (BS) flags, which @simplewebauthn/server reports as
   * `credentialDeviceType: "multiDevice"`, `credentialBackedUp: true`. False (the default) for a
   * device-bound one (`"singleDevice"`).
   */
  synced?: boolean;
  /**
   * Whether user verification (biometric or PIN) succeeds. `"fails"` simulates a person whose
   * fingerprint or PIN is not accepted (or who cancels): the authenticator supports user
   * verification but reports it as not performed, and Chromium rejects ceremonies that require it
   * with `NotAllowedError`. Defaults to `"passes"`. Change it later with
   * {@link VirtualAuthenticator.setUserVerified}.
   */
  userVerification?: "passes" | "fails";
}

/**
 * A credential as a virtual authenticator holds it (`WebAuthn.getCredentials`), with CDP's
 * standard-base64 binary fields converted to base64url, the encoding the page
 * (`PublicKeyCredential.id`) and the server use. The private key is deliberately left out.
 */
export interface VirtualCredential {
  /** Credential ID, base64url: equal to `PublicKeyCredential.id` and the server's stored ID. */
  credentialId: string;
  /** True for a discoverable (resident) credential: every credential these authenticators create is one. */
  isResidentCredential: boolean;
  /** The relying party ID the credential is scoped to (`localhost` for a site served on localhost). */
  rpId?: string;
  /** The account's WebAuthn user handle (`user.id` at creation), base64url. */
  userHandle?: string;
  /** Signature counter; grows with each assertion. */
  signCount: number;
  /** Backup eligibility (BE flag): true for a synced passkey. */
  backupEligibility?: boolean;
  /** Backup state (BS flag): true when the passkey is currently backed up. */
  backupState?: boolean;
  /** `user.name` at creation (often the account's email). */
  userName?: string;
  /** `user.displayName` at creation, or as last updated by `signalCurrentUserDetails`. */
  userDisplayName?: string;
}

/** The backup flags of a credential, named as CDP names them. */
export interface BackupFlags {
  /** BE: the credential may be synced (backed up) to other devices. */
  backupEligibility?: boolean;
  /** BS: the credential is backed up now. */
  backupState?: boolean;
}

/** The CDP events a virtual authenticator reports, without the `WebAuthn.` prefix. */
export type AuthenticatorEventType = "credentialAdded" | "credentialAsserted" | "credentialDeleted" | "credentialUpdated";

/**
 * One recorded CDP event of a virtual authenticator:
 * - `credentialAdded`: a passkey was created (`navigator.credentials.create`).
 * - `credentialAsserted`: a passkey was used to sign in (`navigator.credentials.get`).
 * - `credentialDeleted`: the page removed a passkey through the Signal API
 *   (`signalUnknownCredential`, `signalAllAcceptedCredentials`).
 * - `credentialUpdated`: the page updated a passkey's names (`signalCurrentUserDetails`).
 *
 * Changes made through this module ({@link VirtualAuthenticator.clear}) report no event.
 */
export interface AuthenticatorEvent {
  type: AuthenticatorEventType;
  /** The credential concerned, base64url. */
  credentialId: string;
  /** The credential after the change; absent for `credentialDeleted`. */
  credential?: VirtualCredential;
  /** When the test process received the event (`Date.now()`). */
  receivedAt: number;
}

/** Options for {@link VirtualAuthenticator.waitForEvent}. */
export interface WaitForEventOptions {
  /** Only an event for which this returns true counts. */
  predicate?: (event: AuthenticatorEvent) => boolean;
  /** Milliseconds before the wait fails; defaults to 10 000. */
  timeout?: number;
}

/**
 * A virtual authenticator attached to one page, as returned by {@link Authenticators.add}.
 * It is removed automatically when the test ends.
 */
export interface VirtualAuthenticator {
  /** CDP authenticator ID (`WebAuthn.addVirtualAuthenticator`). */
  readonly id: string;
  /** The page (and so the browser tab) the authenticator is attached to. */
  readonly page: Page;
  /** The options it was created with, defaults filled in. */
  readonly options: Readonly<Required<AuthenticatorOptions>>;
  /** Every credential the authenticator holds now (`WebAuthn.getCredentials`). */
  credentials(): Promise<VirtualCredential[]>;
  /**
   * Deletes every credential, as when a person removes the passkey from their device. The
   * server still holds the public key; it is not told (`WebAuthn.clearCredentials`).
   */
  clear(): Promise<void>;
  /** Makes later user verification succeed or fail (`WebAuthn.setUserVerified`). */
  setUserVerified(verified: boolean): Promise<void>;
  /**
   * Changes the backup flags the authenticator reports for a credential it holds from its next
   * assertion on, as when a passkey provider starts (or stops) syncing a passkey after it was
   * created (`WebAuthn.setCredentialProperties`, Chromium 156+). A flag left out is unchanged.
   * `{ backupEligibility: true, backupState: true }` turns a device-bound passkey synced.
   *
   * @param credentialId base64url ({@link VirtualCredential.credentialId}); defaults to every
   *   credential the authenticator holds.
   */
  setBackupFlags(flags: BackupFlags, credentialId?: string): Promise<void>;
  /**
   * Turns automatic user presence on (the default) or off (`WebAuthn.setAutomaticPresenceSimulation`).
   * Off, the authenticator never answers a ceremony, like a key left unplugged or a prompt the
   * person ignores, but it keeps its credentials and still receives Signal API calls. This is how a
   * test picks which of a page's authenticators answers the next ceremony (see `answerOnlyWith`).
   */
  setAutomaticPresence(enabled: boolean): Promise<void>;
  /** Detaches the authenticator now, as when a security key is unplugged. Idempotent. */
  remove(): Promise<void>;
  /**
   * The events recorded since the authenticator was added (or since {@link clearEvents}),
   * oldest first, optionally only those of one type. A snapshot: later events are not added to it.
   */
  events(type?: AuthenticatorEventType): AuthenticatorEvent[];
  /** Forgets the recorded events, so that later checks and waits see only what follows. */
  clearEvents(): void;
  /**
   * Resolves with the first recorded event of `type` that matches, including one recorded
   * before the call (so there is no race with the action that causes it); waits for one
   * otherwise. Call {@link clearEvents} first to ignore earlier events. Rejects after the timeout.
   */
  waitForEvent(type: AuthenticatorEventType, options?: WaitForEventOptions): Promise<AuthenticatorEvent>;
}

/**
 * The `authenticators` fixture: adds virtual authenticators to pages.
 *
 * A page can hold several, like a laptop with a fingerprint reader and a plugged-in key, but
 * Chromium then picks among them: it sends each WebAuthn request to every attached
 * authenticator and hands the page the first answer. Since virtual authenticators answer
 * without a touch, one `create()` makes a credential on each of them (measured: two
 * authenticators, two `credentialAdded` events, two different credential IDs) while the page and
 * server receive only one; the others are orphans the server does not know. A later
 * usernameless sign-in may be answered by an orphan, which the server refuses as unknown. A
 * sign-in that names the account first is safe (the server's `allowCredentials` names the
 * right credential). So give a page only the authenticator a step should use: add or
 * {@link VirtualAuthenticator.remove} the others between steps, or mute them (`answerOnlyWith`).
 */
export interface Authenticators {
  /**
   * Attaches a new virtual authenticator (CTAP 2.1, discoverable credentials, user presence
   * always given) to `page`, by default the test's `page`. It serves that page's tab only,
   * across navigations; other pages and contexts need their own.
   */
  add(options?: AuthenticatorOptions, page?: Page): Promise<VirtualAuthenticator>;
  /** Every authenticator this fixture added in the current test, removed ones included. */
  readonly all: readonly VirtualAuthenticator[];
}

const EVENT_TYPES = ["credentialAdded", "credentialAsserted", "credentialDeleted", "credentialUpdated"] as const satisfies readonly AuthenticatorEventType[];
const DEFAULT_EVENT_TIMEOUT_MS = 10_000;

/**
 * A credential as CDP sends it: the fields of {@link VirtualCredential} (and the private key,
 * which is never read), but `credentialId` and `userHandle` in standard base64.
 */
type CdpCredential = VirtualCredential;

function base64ToBase64Url(value: string): string {
  return Buffer.from(value, "base64").toString("base64url");
}

function fromCdp(credential: CdpCredential): VirtualCredential {
  return {
    credentialId: base64ToBase64Url(credential.credentialId),
    isResidentCredential: credential.isResidentCredential,
    rpId: credential.rpId,
    userHandle: credential.userHandle === undefined ? undefined : base64ToBase64Url(credential.userHandle),
    signCount: credential.signCount,
    backupEligibility: credential.backupEligibility,
    backupState: credential.backupState,
    userName: credential.userName,
    userDisplayName: credential.userDisplayName,
  };
}

interface Waiter {
  type: AuthenticatorEventType;
  predicate: (event: AuthenticatorEvent) => boolean;
  resolve: (event: AuthenticatorEvent) => void;
}

class CdpAuthenticator implements VirtualAuthenticator {
  private recorded: AuthenticatorEvent[] = [];
  private waiters = new Set<Waiter>();
  private removed = false;

  constructor(
    readonly id: string,
    readonly page: Page,
    readonly options: Readonly<Required<AuthenticatorOptions>>,
    private readonly session: CDPSession,
  ) {}

  async credentials(): Promise<VirtualCredential[]> {
    const { credentials } = await this.session.send("WebAuthn.getCredentials", { authenticatorId: this.id });
    return credentials.map(fromCdp);
  }

  async clear(): Promise<void> {
    await this.session.send("WebAuthn.clearCredentials", { authenticatorId: this.id });
  }

  async setUserVerified(verified: boolean): Promise<void> {
    await this.session.send("WebAuthn.setUserVerified", { authenticatorId: this.id, isUserVerified: verified });
  }

  async setBackupFlags(flags: BackupFlags, credentialId?: string): Promise<void> {
    const ids = credentialId === undefined ? (await this.credentials()).map((credential) => credential.credentialId) : [credentialId];
    if (ids.length === 0) throw new Error(`Virtual authenticator ${this.id} holds no credential whose backup flags could change`);
    for (const id of ids) {
      await this.session.send("WebAuthn.setCredentialProperties", {
        authenticatorId: this.id,
        credentialId: Buffer.from(id, "base64url").toString("base64"),
        ...flags,
      });
    }
  }

  async setAutomaticPresence(enabled: boolean): Promise<void> {
    await this.session.send("WebAuthn.setAutomaticPresenceSimulation", { authenticatorId: this.id, enabled });
  }

  async remove(): Promise<void> {
    if (this.removed) return;
    this.removed = true;
    await this.session.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: this.id });
  }

  events(type?: AuthenticatorEventType): AuthenticatorEvent[] {
    return this.recorded.filter((event) => type === undefined || event.type === type);
  }

  clearEvents(): void {
    this.recorded = [];
  }

  waitForEvent(type: AuthenticatorEventType, options: WaitForEventOptions = {}): Promise<AuthenticatorEvent> {
    const predicate = options.predicate ?? (() => true);
    const already = this.recorded.find((event) => event.type === type && predicate(event));
    if (already) return Promise.resolve(already);
    const timeout = options.timeout ?? DEFAULT_EVENT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        type,
        predicate,
        resolve: (event) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(event);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Virtual authenticator ${this.id}: no WebAuthn.${type} event within ${timeout} ms`));
      }, timeout);
      this.waiters.add(waiter);
    });
  }

  /** Called by the page's CDP session for every event that names this authenticator. */
  record(event: AuthenticatorEvent): void {
    this.recorded.push(event);
    for (const waiter of [...this.waiters]) {
      if (waiter.type === event.type && waiter.predicate(event)) waiter.resolve(event);
    }
  }
}

/** One CDP session per page: `WebAuthn.disable` on any session would drop every authenticator. */
interface PageWebAuthn {
  session: CDPSession;
  authenticators: Map<string, CdpAuthenticator>;
}

async function openPageWebAuthn(page: Page): Promise<PageWebAuthn> {
  const session = await page.context().newCDPSession(page);
  await session.send("WebAuthn.enable", { enableUI: false });
  const state: PageWebAuthn = { session, authenticators: new Map() };
  const dispatch = (type: AuthenticatorEventType, payload: { authenticatorId: string; credentialId?: string; credential?: CdpCredential }): void => {
    const authenticator = state.authenticators.get(payload.authenticatorId);
    const credential = payload.credential ? fromCdp(payload.credential) : undefined;
    const rawId = payload.credentialId ?? payload.credential?.credentialId ?? "";
    authenticator?.record({ type, credentialId: base64ToBase64Url(rawId), credential, receivedAt: Date.now() });
  };
  for (const type of EVENT_TYPES) session.on(`WebAuthn.${type}`, (payload) => dispatch(type, payload));
  return state;
}

function withDefaults(options: AuthenticatorOptions): Required<AuthenticatorOptions> {
  return {
    kind: options.kind ?? "platform",
    synced: options.synced ?? false,
    userVerification: options.userVerification ?? "passes",
  };
}

/**
 * Creates the `authenticators` fixture's value for one test. `dispose` removes every
 * authenticator it added and releases the CDP sessions; the fixture calls it at teardown.
 */
export function createAuthenticators(defaultPage: Page): { authenticators: Authenticators; dispose(): Promise<void> } {
  const pages = new Map<Page, Promise<PageWebAuthn>>();
  const all: CdpAuthenticator[] = [];

  const add = async (options: AuthenticatorOptions = {}, page: Page = defaultPage): Promise<VirtualAuthenticator> => {
    const settings = withDefaults(options);
    let opening = pages.get(page);
    if (!opening) {
      opening = openPageWebAuthn(page);
      pages.set(page, opening);
    }
    const state = await opening;
    const { authenticatorId } = await state.session.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        ctap2Version: "ctap2_1",
        transport: CDP_TRANSPORTS[settings.kind],
        // Passkeys: discoverable credentials, with user verification (which relying parties usually require).
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: settings.userVerification === "passes",
        automaticPresenceSimulation: true,
        defaultBackupEligibility: settings.synced,
        defaultBackupState: settings.synced,
      },
    });
    const authenticator = new CdpAuthenticator(authenticatorId, page, settings, state.session);
    state.authenticators.set(authenticatorId, authenticator);
    all.push(authenticator);
    return authenticator;
  };

  const dispose = async (): Promise<void> => {
    // The page (or a context the test opened) may already be closed: nothing left to clean then.
    for (const authenticator of all) await authenticator.remove().catch(() => undefined);
    for (const opening of pages.values()) {
      const state = await opening.catch(() => undefined);
      await state?.session.send("WebAuthn.disable").catch(() => undefined);
      await state?.session.detach().catch(() => undefined);
    }
  };

  return { authenticators: { add, all }, dispose };
}
