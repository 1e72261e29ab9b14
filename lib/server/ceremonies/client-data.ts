import "server-only";
import { UserFacingError } from "../platform/errors";

/**
 * Refuses a ceremony response whose clientDataJSON says it ran in a frame of another site
 * (`crossOrigin: true`, or any `topOrigin`). The portal's pages can never be framed
 * (frame-ancestors 'none'), so such a response did not come from them: @simplewebauthn/server
 * accepts `crossOrigin: true` without a topOrigin at sign-in and checks neither at registration.
 *
 * Called before the challenge is looked up, like every other check of the request's shape, so
 * a refused response does not use up the ceremony. Unreadable clientData is left to the
 * challenge lookup, which refuses it.
 */
export function refuseFramedCeremony(clientDataJSON: string): void {
  const clientData = parseClientData(clientDataJSON);
  if (!clientData) return;
  const crossOrigin = clientData.crossOrigin;
  if ((crossOrigin === undefined || crossOrigin === false) && !("topOrigin" in clientData)) return;
  throw new UserFacingError(
    "framed_ceremony",
    "framedCeremony",
  );
}

function parseClientData(clientDataJSON: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
