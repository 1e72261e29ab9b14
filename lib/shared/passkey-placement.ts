// "Choose where to save it": where a person asked the browser to save a new passkey. The server
// turns the choice into WebAuthn hints and an authenticator attachment (a browser's prompt then
// opens on that kind of authenticator), and names the new passkey by it.
export const PASSKEY_PLACEMENTS = ["this-device", "phone-or-tablet", "security-key"] as const;

export type PasskeyPlacement = (typeof PASSKEY_PLACEMENTS)[number];
