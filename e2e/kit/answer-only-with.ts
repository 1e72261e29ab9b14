import type { Authenticators, VirtualAuthenticator } from "./virtual-authenticators";

/**
 * Makes `device` the only authenticator of its page that answers ceremonies: automatic presence
 * on for it, off for every other authenticator the fixture attached to the same page (removed
 * ones are skipped). The muted ones keep their credentials and still receive Signal API calls.
 * Use it before each ceremony on a page with several authenticators, since Chromium otherwise
 * sends the request to all of them (see {@link Authenticators}). Measured: a ceremony that only a
 * muted authenticator could answer does not fail, it waits for its timeout (about a minute), and
 * so does one whose `allowCredentials` transports (e.g. `usb`) match no unmuted authenticator.
 */
export async function answerOnlyWith(authenticators: Authenticators, device: VirtualAuthenticator): Promise<void> {
  for (const other of authenticators.all) {
    if (other === device || other.page !== device.page) continue;
    // A removed authenticator no longer exists in CDP: nothing to mute.
    await other.setAutomaticPresence(false).catch(() => undefined);
  }
  await device.setAutomaticPresence(true);
}
