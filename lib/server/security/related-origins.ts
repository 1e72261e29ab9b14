// WebAuthn related origin requests (WebAuthn Level 3 §5.11): other sites, such as country
// domains, that may use this portal's RP ID. A browser on such a site asks for a passkey of the
// RP ID, fetches https://<RP ID>/.well-known/webauthn and goes ahead only if the site's origin
// is listed there. Pure functions, checked once at boot by lib/server/platform/env.ts.
import { isIP } from "node:net";

/**
 * How many registrable origin labels browsers take from the list: the spec requires at least 5
 * and recommends no more, and Chrome and Firefox stop at 5. Origins whose label comes after the
 * fifth distinct one are skipped.
 */
export const MAX_RELATED_ORIGIN_LABELS = 5;

// Second-level labels under which many country-code TLDs register names (example.co.uk,
// example.com.au, example.ne.jp). Without the Public Suffix List this is an approximation:
// it can only be wrong for unusual suffixes, and only in the count of labels.
const COUNTRY_SECOND_LEVELS = new Set(["ac", "co", "com", "edu", "go", "gob", "gouv", "gov", "ltd", "ne", "net", "or", "org", "plc", "sch"]);

/**
 * The registrable origin label of a host (WebAuthn: the first label of its registrable domain,
 * `example` for both www.example.de and example.co.uk), approximated without the Public Suffix
 * List; null for a host without one (localhost).
 */
export function registrableOriginLabel(host: string): string | null {
  const labels = host.replace(/\.$/, "").split(".");
  if (labels.length < 2) return null;
  const [secondLevel, topLevel] = labels.slice(-2);
  if (labels.length >= 3 && topLevel.length === 2 && COUNTRY_SECOND_LEVELS.has(secondLevel)) return labels[labels.length - 3];
  return secondLevel;
}

// WebAuthn: an origin may use an RP ID that equals its host or is a parent domain of it.
export function rpIdFits(rpId: string, host: string): boolean {
  return host === rpId || host.endsWith(`.${rpId}`);
}

/**
 * What is wrong with RELATED_ORIGINS given ORIGINS and the RP ID, one sentence per problem.
 * A related origin must be another site: one the RP ID already covers belongs in ORIGINS.
 */
export function relatedOriginProblems(related: readonly URL[], origins: readonly URL[], rpId: string): string[] {
  const problems: string[] = [];
  const served = new Set(origins.map((url) => url.origin));
  const seen = new Set<string>();
  const labels: string[] = [];
  for (const url of related) {
    const origin = url.origin;
    if (served.has(origin)) {
      problems.push(`RELATED_ORIGINS: ${origin} is already in ORIGINS; list each origin in one of the two`);
    } else if (seen.has(origin)) {
      const problem = `RELATED_ORIGINS: ${origin} is listed more than once`;
      if (!problems.includes(problem)) problems.push(problem);
    } else if (isIP(url.hostname.replace(/^\[|\]$/g, ""))) {
      problems.push(`RELATED_ORIGINS: ${origin} is an IP address; browsers relate only origins with a domain name`);
    } else if (rpIdFits(rpId, url.hostname)) {
      problems.push(`RELATED_ORIGINS: ${origin} is within the RP ID "${rpId}", so browsers already let it use these passkeys; if the portal is served there, put it in ORIGINS`);
    } else {
      const label = registrableOriginLabel(url.hostname);
      if (label && !labels.includes(label)) labels.push(label);
    }
    seen.add(origin);
  }
  if (labels.length > MAX_RELATED_ORIGIN_LABELS) {
    problems.push(
      `RELATED_ORIGINS: spans ${labels.length} different registrable domain names (${labels.join(", ")}); browsers use only the first ${MAX_RELATED_ORIGIN_LABELS} and ignore origins under the others, so passkeys would fail there (country variants such as example.de and example.co.uk count once)`,
    );
  }
  return problems;
}
