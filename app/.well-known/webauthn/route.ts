import { relatedOriginsDocument, wellKnownJson } from "@/lib/server/http/well-known";

// From the running server's configuration, never from the build's.
export const dynamic = "force-dynamic";

// WebAuthn related origin requests: browsers fetch https://<RP ID>/.well-known/webauthn.
// GET only (Next answers HEAD from it, and other methods with 405).
export function GET(): Response {
  const document = relatedOriginsDocument();
  return document ? wellKnownJson(document) : wellKnownJson({ error: "This site lists no related origins.", code: "not_found" }, 404);
}
