import "server-only";
import { NextResponse } from "next/server";
import { env, type AppEnv } from "../platform/env";

// The two documents other software fetches from /.well-known/. Both are the same for everyone
// and come from the configuration alone: no session, no database. Any site or tool may read
// them (they carry no cookie and nothing personal, so `Access-Control-Allow-Origin: *` exposes
// nothing), and caches may keep them for an hour: a changed RELATED_ORIGINS reaches every
// browser within that, while the server accepts the new list at once.
const HEADERS = { "Cache-Control": "public, max-age=3600", "Access-Control-Allow-Origin": "*" } as const;

// A page that a signed-out visitor reaches through /signin, and lands on after signing in.
const PASSKEYS_PAGE = "/account/passkeys";

/**
 * WebAuthn §5.11: the origins other than the RP ID's own that may use it (RELATED_ORIGINS, in
 * their order: browsers count sites from the top). ORIGINS are left out: the RP ID already
 * covers them, so browsers never look them up, and listing them would only use up the five
 * site names browsers honour. Null without RELATED_ORIGINS: the spec wants one origin or more.
 */
export function relatedOriginsDocument({ relatedOrigins }: Pick<AppEnv, "relatedOrigins"> = env()): { origins: string[] } | null {
  return relatedOrigins.length > 0 ? { origins: relatedOrigins } : null;
}

/**
 * W3C "A Well-Known URL for Relying Party Passkey Endpoints": where a person adds a passkey to
 * their account (enroll) and manages theirs (manage), as absolute URLs on the canonical origin.
 * Both are the passkeys page, whose "Add a passkey" is the creation step.
 */
export function passkeyEndpointsDocument({ origin }: Pick<AppEnv, "origin"> = env()): { enroll: string; manage: string } {
  const page = `${origin}${PASSKEYS_PAGE}`;
  return { enroll: page, manage: page };
}

/** A well-known answer: JSON served as application/json, as both specs require. */
export function wellKnownJson(body: object, status = 200): NextResponse {
  return NextResponse.json(body, { status, headers: HEADERS });
}
