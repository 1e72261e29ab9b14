import { passkeyEndpointsDocument, wellKnownJson } from "@/lib/server/http/well-known";

// From the running server's configuration, never from the build's.
export const dynamic = "force-dynamic";

// Password managers fetch https://<RP ID>/.well-known/passkey-endpoints to link people to the
// passkeys page. GET only (Next answers HEAD from it, and other methods with 405).
export function GET(): Response {
  return wellKnownJson(passkeyEndpointsDocument());
}
